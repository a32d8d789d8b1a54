/* wdm/iosync.h - part of wdm.h (see there). */
