/* wdm/exsync.h - part of wdm.h (see there). */
