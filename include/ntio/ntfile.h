/*
 * ntio/ntfile.h - file information services (NtQueryInformationFile …) and FILE_*_INFORMATION, shared by the kernel and kernel32.
 */
#ifndef NTIO_NTFILE_H
#define NTIO_NTFILE_H

#endif /* NTIO_NTFILE_H */
