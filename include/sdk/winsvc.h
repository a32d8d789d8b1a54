/*
 * winsvc.h - the Service Control Manager API of advapi32 (OpenSCManager …).
 */
#ifndef NTIO_WINSVC_H
#define NTIO_WINSVC_H

#endif /* NTIO_WINSVC_H */
