/* wdm/dpc.h - part of wdm.h (see there). */
