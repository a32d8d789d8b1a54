/*
 * ntio/ntreg.h - registry system services (NtCreateKey …) and their information classes, shared by the kernel and advapi32.
 */
#ifndef NTIO_NTREG_H
#define NTIO_NTREG_H

#endif /* NTIO_NTREG_H */
