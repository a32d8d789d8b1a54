/* wdm/rtl.h - part of wdm.h (see there). */
