/*
 * kernel32/k32.h - private helpers of the Win32 layer.  kernel32 reaches the
 * kernel only through the NT system services (ntio/ntsvc.h).
 */
#ifndef NTIO_K32_H
#define NTIO_K32_H

#include <windows.h>
#include <ntio/ntdef.h>
#include <ntio/ntsvc.h>

/* Record an NTSTATUS as the thread's last Win32 error; returns the error. */
DWORD BaseSetLastNTError(NTSTATUS Status);
/* Milliseconds (INFINITE allowed) to an NT relative timeout. */
PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER Timeout, DWORD Milliseconds);

#endif
