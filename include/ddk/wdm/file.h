/*
 * wdm/file.h - kernel file I/O: ZwCreateFile, ZwReadFile,
 * ZwQueryInformationFile …  Files are reached by NT name:
 * \SystemRoot\… (C:\windows), \??\C:\… and \DosDevices\Z:\… (the host file
 * system's volumes), or a device with a trailing name (\??\Name\file),
 * which the device's driver receives as FileObject->FileName.
 *
 * The FILE_*_INFORMATION structures live in ntio/ntfile.h, which the Win32
 * side shares.
 */
#ifndef NTIO_WDM_FILE_H
#define NTIO_WDM_FILE_H

#include <ntio/ntfile.h>

NTIO_BEGIN_DECLS

/* Windows' validation and dispositions; see NtCreateFile.  AllocationSize
 * (optional) is the initial allocation of a file the call creates or
 * overwrites. */
NTKERNELAPI NTSTATUS NTAPI ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes,
                                        PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
                                        ULONG FileAttributes, ULONG ShareAccess,
                                        ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                                        ULONG EaLength);
NTKERNELAPI NTSTATUS NTAPI ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                                      POBJECT_ATTRIBUTES ObjectAttributes,
                                      PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                                      ULONG OpenOptions);
/* ByteOffset NULL (or FILE_USE_FILE_POINTER_POSITION): the file's current
 * position, for a file opened FILE_SYNCHRONOUS_IO_*; otherwise required.
 * Writing at FILE_WRITE_TO_END_OF_FILE appends.  Reading at or past the
 * end of a file is STATUS_END_OF_FILE. */
NTKERNELAPI NTSTATUS NTAPI ZwReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                      PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                      ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTKERNELAPI NTSTATUS NTAPI ZwWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
                                       PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                                       ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTKERNELAPI NTSTATUS NTAPI ZwQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                                  PVOID FileInformation, ULONG Length,
                                                  FILE_INFORMATION_CLASS FileInformationClass);
NTKERNELAPI NTSTATUS NTAPI ZwSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                                                PVOID FileInformation, ULONG Length,
                                                FILE_INFORMATION_CLASS FileInformationClass);
NTKERNELAPI NTSTATUS NTAPI ZwFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock);

NTIO_END_DECLS

#endif /* NTIO_WDM_FILE_H */
