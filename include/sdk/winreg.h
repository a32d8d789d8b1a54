/*
 * winreg.h - the registry API of advapi32 (RegOpenKeyEx …).
 */
#ifndef NTIO_WINREG_H
#define NTIO_WINREG_H

#endif /* NTIO_WINREG_H */
