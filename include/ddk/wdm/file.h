/*
 * wdm/file.h - kernel file I/O: ZwCreateFile, ZwReadFile, ZwQueryInformationFile …
 */
#ifndef NTIO_WDM_FILE_H
#define NTIO_WDM_FILE_H

#endif /* NTIO_WDM_FILE_H */
