/* myfault.h - the Myfault sample's control code (the one in the book). */
#define IOCTL_MYFAULT_HANG 0x83360020
