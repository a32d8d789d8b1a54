/* wdm/ps.h - part of wdm.h (see there). */
