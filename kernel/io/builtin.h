/*
 * io/builtin.h - drivers built into the kernel (the host file system), and
 * what the driver loader asks of the host file system: the Linux file
 * behind an NT path or a file object.
 */
#ifndef NTIO_IO_BUILTIN_H
#define NTIO_IO_BUILTIN_H

#include "iop.h"

/* Create \Driver\Name (or \FileSystem\Name when Name starts with that
 * directory: pass the full object name) and call Entry with it, as
 * IoCreateDriver does; devices made by Entry are ready when it returns. */
NTSTATUS IopCreateBuiltinDriver(PCWSTR DriverName, PDRIVER_INITIALIZE Entry,
                                PDRIVER_OBJECT *DriverObject);

/* Start every driver that ships inside the kernel (called once, right
 * after IoInitSystem). */
VOID IopStartBuiltinDrivers(VOID);

/* Open NtPath (e.g. \??\C:\x\y.sys, \SystemRoot\System32\drivers\y.sys) in
 * kernel mode, case-insensitively, and return the Linux path of the file
 * (NUL-terminated UTF-8).  STATUS_OBJECT_NAME_NOT_FOUND /
 * STATUS_OBJECT_PATH_NOT_FOUND when it does not exist,
 * STATUS_FILE_IS_A_DIRECTORY for a directory, STATUS_OBJECT_TYPE_MISMATCH
 * when the name is not a file of the host file system (a device),
 * STATUS_BUFFER_TOO_SMALL when Size cannot hold the path. */
NTSTATUS IopResolveHostPath(PCUNICODE_STRING NtPath, char *Buffer, SIZE_T Size);

/* The Linux path behind a file object opened on the host file system;
 * STATUS_OBJECT_TYPE_MISMATCH for any other file object,
 * STATUS_BUFFER_TOO_SMALL when Size cannot hold it. */
NTSTATUS IopQueryHostPath(PFILE_OBJECT FileObject, char *Buffer, SIZE_T Size);

#endif
