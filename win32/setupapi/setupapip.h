/*
 * setupapi/setupapip.h - SetupAPI's private interface: the parsed form of an
 * INF file and the routines that read it without going through the W/A
 * functions (the device installer walks INFs with these), and the section
 * selection rules of device installation (Models decorations, DDInstall
 * platform extensions, Include/Needs).
 *
 * An HINF is a PINF_FILE: the file SetupOpenInfFile opened, with the files
 * SetupOpenAppendInfFile (or an Include= directive) appended to it through
 * Next.  Everything in an INF_FILE is immutable once it is opened, except
 * the Next chain, which only grows (a file is published with a release
 * store after it is complete), so readers need no lock; closing an HINF
 * while another thread uses it is the caller's bug, as on Windows.
 *
 * Strings are UTF-16, NUL-terminated, with %strkey% tokens already replaced
 * from the file's [Strings] section (each file uses its own, as on
 * Windows); they live until the HINF is closed.
 *
 * The Infp* routines are exported from libsetupapi.so under these private
 * names (as Windows' setupapi exports its pSetup* helpers) so that ntio's
 * tools and tests reach them; applications must not rely on them.  This
 * header needs only <windows.h> and <setupapi.h>.
 */
#ifndef NTIO_SETUPAPIP_H
#define NTIO_SETUPAPIP_H

#include <windows.h>
#include <setupapi.h>

NTIO_BEGIN_DECLS

#define INFPAPI NTIO_EXPORT

/* ---- what ntio reports itself as --------------------------------------------- */
/* The platform INF decorations are matched against: Windows 10.0 build 19041
 * (20H1), a workstation (VER_NT_WORKSTATION, VER_SUITE_SINGLEUSERTS), amd64. */
typedef struct _INFP_PLATFORM {
    PCWSTR Architecture;    /* L"amd64", L"x86", L"arm64" … */
    ULONG MajorVersion;
    ULONG MinorVersion;
    ULONG BuildNumber;
    ULONG ProductType;      /* VER_NT_WORKSTATION (1) … */
    ULONG SuiteMask;        /* VER_SUITE_* */
} INFP_PLATFORM, *PINFP_PLATFORM;
typedef const INFP_PLATFORM *PCINFP_PLATFORM;

/* The language [Strings.LLLL] sections are chosen for (en-US). */
#define INFP_LANGUAGE 0x0409

/* The stampinf substitutions applied to a .inx file as it is read. */
#define INFP_INX_ARCH L"amd64"
#define INFP_INX_KMDF_VERSION L"1.15"

/* ---- the parsed file ---------------------------------------------------------- */
typedef struct _INF_LINE {
    PCWSTR Key;             /* NULL when the line has none; a one-field line without '='
                             * uses its field as key too (Key == Fields[0]), as Windows */
    ULONG FieldCount;       /* >= 1 */
    PCWSTR *Fields;         /* Fields[0] is field 1 */
    ULONG LineNumber;       /* 1-based line of the file where the entry starts */
} INF_LINE, *PINF_LINE;
typedef const INF_LINE *PCINF_LINE;

typedef struct _INF_SECTION {
    PCWSTR Name;            /* as first written (sections of the same name are merged) */
    ULONG LineCount;
    PINF_LINE Lines;
    ULONG LineCapacity;     /* private */
    LONG HashNext;          /* private: next section index in the hash bucket, -1 */
} INF_SECTION, *PINF_SECTION;
typedef const INF_SECTION *PCINF_SECTION;

typedef struct _INF_ARENA INF_ARENA;

typedef struct _INF_FILE {
    ULONG Magic;                    /* INF_FILE_MAGIC while open */
    struct _INF_FILE *Head;         /* the HINF this file belongs to (itself for the head) */
    struct _INF_FILE *Next;         /* the next appended file; see above for its rule */
    PCWSTR Path;                    /* full DOS path */
    DWORD Style;                    /* INF_STYLE_WIN4 or INF_STYLE_OLDNT */
    LANGID StringsLanguage;         /* the [Strings.LLLL] used; 0: [Strings]; 0xFFFF: none */
    ULONG SectionCount;
    PINF_SECTION Sections;
    /* private */
    ULONG SectionCapacity;
    ULONG BucketCount;              /* power of two */
    LONG *Buckets;
    INF_ARENA *Arena;
} INF_FILE, *PINF_FILE;

#define INF_FILE_MAGIC 0x48464E49u  /* "INFH" */

/* ---- opening (infparse.c) -------------------------------------------------------- */

/* SetupOpenInfFile's work: FileName without a path separator is looked for in
 * %windir%\inf, then %windir%\system32; with one, it is a path (made full).
 * StyleMask: INF_STYLE_WIN4 and/or INF_STYLE_OLDNT.  InfClass (optional) must
 * match [Version] Class.  Returns a Win32 error; on a syntax error *ErrorLine
 * is the 1-based line and one message naming the file and line goes to
 * stderr.  The result is a new HINF (close with InfpClose). */
INFPAPI DWORD InfpOpen(PCWSTR FileName, PCWSTR InfClass, DWORD StyleMask, PINF_FILE *File,
                       PUINT ErrorLine);

/* Parse an INF from memory (bytes as stored in a file: UTF-16LE/BE with BOM,
 * UTF-8 with or without BOM, or Windows-1252).  Path names it in messages and
 * decides the .inx substitutions. */
INFPAPI DWORD InfpOpenBuffer(PCWSTR Path, const void *Data, SIZE_T Bytes, DWORD StyleMask,
                             PINF_FILE *File, PUINT ErrorLine);

/* Append Child (a new HINF) to the HINF Head: Child's sections join Head's.
 * Fails (ERROR_INVALID_PARAMETER) if Child is not a fresh HINF. */
INFPAPI DWORD InfpAppend(PINF_FILE Head, PINF_FILE Child);

/* Close an HINF and the files appended to it. */
INFPAPI VOID InfpClose(PINF_FILE Head);

/* The INF_FILE of an HINF, or NULL for NULL, INVALID_HANDLE_VALUE, a closed
 * or appended (not head) file. */
INFPAPI PINF_FILE InfpFromHandle(HINF Inf);

/* ---- walking (infparse.c) ---------------------------------------------------------- */

/* A section of one file (case-insensitive), or NULL. */
INFPAPI PCINF_SECTION InfpFindSection(const INF_FILE *File, PCWSTR Name);

/* TRUE if Name is a section of any file of the HINF. */
INFPAPI BOOLEAN InfpSectionExists(const INF_FILE *Head, PCWSTR Name);

/* Lines of a section across the appended files, as an INFCONTEXT (the same
 * positions the SetupFind* functions use).  Key NULL matches any line; keys
 * compare case-insensitively.  InfpFindNextLine starts after In (In and Out
 * may be the same).  They return the line, or NULL when there is none. */
INFPAPI PCINF_LINE InfpFindFirstLine(PINF_FILE Head, PCWSTR Section, PCWSTR Key,
                                     PINFCONTEXT Context);
INFPAPI PCINF_LINE InfpFindNextLine(const INFCONTEXT *In, PCWSTR Key, PINFCONTEXT Out);

/* The line and file an INFCONTEXT designates, or NULL if it designates none. */
INFPAPI PCINF_LINE InfpContextLine(const INFCONTEXT *Context, PINF_FILE *File);

/* Field Index of a line (0: the key), or NULL past the end / without a key. */
INFPAPI PCWSTR InfpLineField(PCINF_LINE Line, ULONG Index);

/* Case-insensitive comparison of UTF-16 strings, as SetupAPI compares names. */
INFPAPI int InfpCompareNames(PCWSTR A, PCWSTR B);

/* ---- section selection (infsect.c) --------------------------------------------------- */

/* The platform ntio installs for (Windows 10.0.19041, amd64 workstation). */
INFPAPI PCINFP_PLATFORM InfpNtioPlatform(VOID);

/* The Models section for a [Manufacturer] line "%Mfg% = Models[, TargetOSVersion ...]":
 * the applicable TargetOSVersion decoration closest to Platform (NULL: ntio's)
 * - the highest OS version not above it (build numbers count only within the
 * same major.minor), then a product type, then a suite mask, then an explicit
 * architecture - giving "Models.Decoration"; the undecorated "Models" when no
 * decoration applies.  The name is returned whether or not the section
 * exists (as SetupDiGetActualModelsSection).  *Section is malloc'd (free it).
 * Errors: ERROR_INVALID_PARAMETER (no models name), ERROR_NOT_ENOUGH_MEMORY. */
INFPAPI DWORD InfpSelectModelsSection(PCINF_LINE ManufacturerLine, PCINFP_PLATFORM Platform,
                                      PWSTR *Section);

/* The install (DDInstall) section to use for Base, looked for in every file
 * of the HINF: Base.NT<arch>, then Base.NT, then Base.  *Section is malloc'd
 * (free it); *Extension (optional) points into it at the decoration (empty
 * for the undecorated one).  ERROR_SECTION_NOT_FOUND when none exists. */
INFPAPI DWORD InfpSelectInstallSection(PINF_FILE Head, PCWSTR Base, PCINFP_PLATFORM Platform,
                                       PWSTR *Section, PCWSTR *Extension);

/* One line of an install section after Include/Needs processing. */
typedef struct _INF_MERGED_LINE {
    PINF_FILE File;         /* the INF file the line is in */
    PCWSTR Section;         /* the name of the section it is in */
    PCINF_LINE Line;
} INF_MERGED_LINE, *PINF_MERGED_LINE;

typedef struct _INF_LINE_LIST {
    ULONG Count;
    PINF_MERGED_LINE Lines;
} INF_LINE_LIST, *PINF_LINE_LIST;

/* The lines of install section Section (already decorated: see
 * InfpSelectInstallSection) with its Include= and Needs= entries processed:
 * every Include= file is appended to the HINF (looked for next to the INF
 * that names it, then as SetupOpenInfFile looks: %windir%\inf, %windir%\system32;
 * a file already in the HINF is not loaded twice), then the section's own
 * lines (all of its merged parts, in order, without the Include/Needs lines)
 * followed by the lines of each Needs= section in the order named.  Needs
 * does not nest: Include/Needs lines of a needed section are left out.
 * Errors: ERROR_SECTION_NOT_FOUND (Section or a needed section), the open
 * error of an included INF (ERROR_FILE_NOT_FOUND …), ERROR_NOT_ENOUGH_MEMORY.
 * Free the list with InfpFreeLineList. */
INFPAPI DWORD InfpGetInstallSectionLines(PINF_FILE Head, PCWSTR Section, PINF_LINE_LIST List);
INFPAPI VOID InfpFreeLineList(PINF_LINE_LIST List);

/* ---- inside libsetupapi only (not exported) --------------------------------------------- */

/* FileName as SetupOpenInfFile finds it (see InfpOpen): a malloc'd full path,
 * or ERROR_FILE_NOT_FOUND / the path error. */
DWORD InfpResolvePath(PCWSTR FileName, PWSTR *Path);


/* ---- device installation (devinstall.c, infreg.c, infcopy.c, infsvc.c, driverstore.c) ---- */
/*
 * The device installer (docs/devinstall.md): UpdateDriverForPlugAndPlayDevices
 * and DiInstallDriver (<newdev.h>) and what `ntio devcon` calls below them.
 * Installs in one process are serialized by one lock (devinstall.c), which
 * also keeps two installers from taking the same software key NNNN.
 */

/* AddReg / DelReg flags (INF AddReg Directive, INF DelReg Directive), each kept
 * if <setupapi.h> already defines it. */
#ifndef FLG_ADDREG_BINVALUETYPE
#define FLG_ADDREG_BINVALUETYPE 0x00000001
#endif
#ifndef FLG_ADDREG_NOCLOBBER
#define FLG_ADDREG_NOCLOBBER 0x00000002
#endif
#ifndef FLG_ADDREG_DELVAL
#define FLG_ADDREG_DELVAL 0x00000004
#endif
#ifndef FLG_ADDREG_APPEND
#define FLG_ADDREG_APPEND 0x00000008
#endif
#ifndef FLG_ADDREG_KEYONLY
#define FLG_ADDREG_KEYONLY 0x00000010
#endif
#ifndef FLG_ADDREG_OVERWRITEONLY
#define FLG_ADDREG_OVERWRITEONLY 0x00000020
#endif
#ifndef FLG_ADDREG_64BITKEY
#define FLG_ADDREG_64BITKEY 0x00001000
#endif
#ifndef FLG_ADDREG_KEYONLY_COMMON
#define FLG_ADDREG_KEYONLY_COMMON 0x00002000
#endif
#ifndef FLG_ADDREG_32BITKEY
#define FLG_ADDREG_32BITKEY 0x00004000
#endif
#ifndef FLG_ADDREG_DELREG_BIT
#define FLG_ADDREG_DELREG_BIT 0x00008000
#endif
#ifndef FLG_ADDREG_TYPE_MASK
#define FLG_ADDREG_TYPE_MASK (0xFFFF0000 | FLG_ADDREG_BINVALUETYPE)
#endif
#ifndef FLG_ADDREG_TYPE_SZ
#define FLG_ADDREG_TYPE_SZ 0x00000000
#endif
#ifndef FLG_ADDREG_TYPE_MULTI_SZ
#define FLG_ADDREG_TYPE_MULTI_SZ 0x00010000
#endif
#ifndef FLG_ADDREG_TYPE_EXPAND_SZ
#define FLG_ADDREG_TYPE_EXPAND_SZ 0x00020000
#endif
#ifndef FLG_ADDREG_TYPE_BINARY
#define FLG_ADDREG_TYPE_BINARY (0x00000000 | FLG_ADDREG_BINVALUETYPE)
#endif
#ifndef FLG_ADDREG_TYPE_DWORD
#define FLG_ADDREG_TYPE_DWORD (0x00010000 | FLG_ADDREG_BINVALUETYPE)
#endif
#ifndef FLG_ADDREG_TYPE_NONE
#define FLG_ADDREG_TYPE_NONE (0x00020000 | FLG_ADDREG_BINVALUETYPE)
#endif
#ifndef FLG_DELREG_VALUE
#define FLG_DELREG_VALUE 0x00000000
#endif
#ifndef FLG_DELREG_TYPE_MASK
#define FLG_DELREG_TYPE_MASK FLG_ADDREG_TYPE_MASK
#endif
#ifndef FLG_DELREG_OPERATION_MASK
#define FLG_DELREG_OPERATION_MASK 0x000000FE
#endif
#ifndef FLG_DELREG_MULTI_SZ_DELSTRING
#define FLG_DELREG_MULTI_SZ_DELSTRING (FLG_ADDREG_TYPE_MULTI_SZ | FLG_ADDREG_DELREG_BIT | 0x00000002)
#endif

/* AddService / DelService flags (INF AddService Directive). */
#ifndef SPSVCINST_TAGTOFRONT
#define SPSVCINST_TAGTOFRONT 0x00000001
#endif
#ifndef SPSVCINST_ASSOCSERVICE
#define SPSVCINST_ASSOCSERVICE 0x00000002
#endif
#ifndef SPSVCINST_DELETEEVENTLOGENTRY
#define SPSVCINST_DELETEEVENTLOGENTRY 0x00000004
#endif
#ifndef SPSVCINST_NOCLOBBER_DISPLAYNAME
#define SPSVCINST_NOCLOBBER_DISPLAYNAME 0x00000008
#endif
#ifndef SPSVCINST_NOCLOBBER_STARTTYPE
#define SPSVCINST_NOCLOBBER_STARTTYPE 0x00000010
#endif
#ifndef SPSVCINST_NOCLOBBER_ERRORCONTROL
#define SPSVCINST_NOCLOBBER_ERRORCONTROL 0x00000020
#endif
#ifndef SPSVCINST_NOCLOBBER_LOADORDERGROUP
#define SPSVCINST_NOCLOBBER_LOADORDERGROUP 0x00000040
#endif
#ifndef SPSVCINST_NOCLOBBER_DEPENDENCIES
#define SPSVCINST_NOCLOBBER_DEPENDENCIES 0x00000080
#endif
#ifndef SPSVCINST_NOCLOBBER_DESCRIPTION
#define SPSVCINST_NOCLOBBER_DESCRIPTION 0x00000100
#endif
#ifndef SPSVCINST_STOPSERVICE
#define SPSVCINST_STOPSERVICE 0x00000200
#endif
#ifndef SPSVCINST_CLOBBER_SECURITY
#define SPSVCINST_CLOBBER_SECURITY 0x00000400
#endif
#ifndef SPSVCINST_STARTSERVICE
#define SPSVCINST_STARTSERVICE 0x00000800
#endif
#ifndef SPSVCINST_NOCLOBBER_REQUIREDPRIVILEGES
#define SPSVCINST_NOCLOBBER_REQUIREDPRIVILEGES 0x00001000
#endif

/* CopyFiles flags (INF CopyFiles Directive) that change what is copied. */
#ifndef COPYFLG_WARN_IF_SKIP
#define COPYFLG_WARN_IF_SKIP 0x00000001
#endif
#ifndef COPYFLG_NOSKIP
#define COPYFLG_NOSKIP 0x00000002
#endif
#ifndef COPYFLG_NOVERSIONCHECK
#define COPYFLG_NOVERSIONCHECK 0x00000004
#endif
#ifndef COPYFLG_FORCE_FILE_IN_USE
#define COPYFLG_FORCE_FILE_IN_USE 0x00000008
#endif
#ifndef COPYFLG_NO_OVERWRITE
#define COPYFLG_NO_OVERWRITE 0x00000010
#endif
#ifndef COPYFLG_NO_VERSION_DIALOG
#define COPYFLG_NO_VERSION_DIALOG 0x00000020
#endif
#ifndef COPYFLG_OVERWRITE_OLDER_ONLY
#define COPYFLG_OVERWRITE_OLDER_ONLY 0x00000040
#endif
#ifndef COPYFLG_REPLACEONLY
#define COPYFLG_REPLACEONLY 0x00000400
#endif
#ifndef COPYFLG_NODECOMP
#define COPYFLG_NODECOMP 0x00000800
#endif
#ifndef COPYFLG_REPLACE_BOOT_FILE
#define COPYFLG_REPLACE_BOOT_FILE 0x00001000
#endif
#ifndef COPYFLG_NOPRUNE
#define COPYFLG_NOPRUNE 0x00002000
#endif
#ifndef COPYFLG_IN_USE_TRY_RENAME
#define COPYFLG_IN_USE_TRY_RENAME 0x00004000
#endif

#define INFP_CONFIGFLAG_FAILEDINSTALL 0x00000040 /* CONFIGFLAG_FAILEDINSTALL */

/* The registry of devices, below HKEY_LOCAL_MACHINE. */
#define INFP_ENUM_PATH L"SYSTEM\\CurrentControlSet\\Enum"
#define INFP_CLASS_PATH L"SYSTEM\\CurrentControlSet\\Control\\Class"

/* One install: the INF, where the package's files come from, and options. */
typedef struct _INFP_INSTALL {
    PINF_FILE Inf;              /* the HINF */
    PCWSTR SourceDir;           /* the package's directory (DIRID 1, CopyFiles sources) */
    BOOL NoFiles;               /* INSTALLFLAG_READONLY: copy and delete no file */
} INFP_INSTALL, *PINFP_INSTALL;
typedef const INFP_INSTALL *PCINFP_INSTALL;

/* An install of the open HINF Inf: SourceDir is its directory (malloc'd;
 * InfpClosePackage-style callers free it). */
DWORD InfpPrepareInstall(PINF_FILE Inf, BOOL NoFiles, PINFP_INSTALL Install);

/* The lock that serializes installs (and the choice of software keys). */
VOID InfpLockInstalls(VOID);
VOID InfpUnlockInstalls(VOID);

/* Which directives InfpRunInstallLines carries out. */
#define INFP_DO_FILES 0x1       /* CopyFiles, DelFiles */
#define INFP_DO_REGISTRY 0x2    /* AddReg, DelReg */

/* A malloc'd string (NULL when out of memory); Format as RtlpFormatWV
 * (%s is a WCHAR string). */
PWSTR InfpFormat(PCWSTR Format, ...);
/* Field Field of the [Version] line Key, or NULL. */
PCWSTR InfpVersionValue(PINF_FILE Inf, PCWSTR Key, ULONG Field);
/* A string or MULTI_SZ value, malloc'd with two NULs after it; NULL if absent. */
PWSTR InfpQueryString(HKEY Key, PCWSTR Name);
/* The instance key Enum\<Instance>: a Win32 error (ERROR_FILE_NOT_FOUND
 * when the instance has none). */
DWORD InfpOpenInstanceKey(PCWSTR Instance, REGSAM Access, HKEY *Key);
/* The software key {guid}\NNNN of a device (Instance: its instance key):
 * the one its Driver value names when it is of the class Guid (lower-case
 * "{...}"), else the next free one.  *Name (malloc'd) is "{guid}\NNNN". */
DWORD InfpOpenSoftwareKey(HKEY Instance, PCWSTR Guid, HKEY *Key, PWSTR *Name);
/* An SDDL string as the self-relative security descriptor the PnP manager
 * applies to a device's stack (kernel/se/sddl.c's parser), malloc'd;
 * ERROR_INVALID_DATA when the string is not one. */
DWORD InfpSddlToDescriptor(PCWSTR Sddl, PBYTE *Descriptor, PDWORD Bytes);
PWSTR InfpDuplicate(PCWSTR Text);
/* An INF integer as SetupGetIntField reads it (sign, decimal or 0x hex; ""
 * is 0); FALSE when it is not a number. */
BOOL InfpParseInteger(PCWSTR Text, DWORD *Value);
/* A string as UTF-8 in a caller's buffer, for messages. */
const char *InfpNarrow(PCWSTR Text, char *Buffer, SIZE_T Size);

/* One diagnostic naming the INF, the line and its section:
 *   ntio: setupapi: C:\pkg\x.inf:12: [Echo.AddReg] bad registry root "HKXX"
 * Line may be NULL (then only the file is named). */
VOID InfpReportLine(const INF_MERGED_LINE *Line, const char *Format, ...)
    __attribute__((format(printf, 2, 3)));

/* A line of the HINF as an INF_MERGED_LINE, for diagnostics. */
VOID InfpMergedFromContext(const INFCONTEXT *Context, PCWSTR Section, PINF_MERGED_LINE Out);

/* infcopy.c: the directory of a DIRID (DIRID_SRCPATH 1 is SourceDir), malloc'd;
 * ERROR_INVALID_PARAMETER for a DIRID ntio does not know. */
DWORD InfpDirectoryOfDirid(PCINFP_INSTALL Install, LONG Dirid, PWSTR *Path);
/* Text with its %DIRID% tokens replaced (other %...% text stays), malloc'd. */
DWORD InfpExpandDirids(PCINFP_INSTALL Install, PCWSTR Text, PWSTR *Out);
/* CopyFiles= / DelFiles= directive lines. */
DWORD InfpCopyFilesDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive);
DWORD InfpDelFilesDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive);
/* Copy a file (creating the destination's directories), replacing it unless
 * FailIfExists; ERROR_FILE_EXISTS then. */
DWORD InfpCopyFile(PCWSTR Source, PCWSTR Destination, BOOL FailIfExists);
DWORD InfpCreateDirectoryPath(PCWSTR Path);

/* infreg.c: AddReg= / DelReg= directive lines, HKR being Hkr (NULL: HKR is
 * an error, as in a section that has no relative key). */
DWORD InfpAddRegDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive, HKEY Hkr);
DWORD InfpDelRegDirective(PCINFP_INSTALL Install, const INF_MERGED_LINE *Directive, HKEY Hkr);

/* The AddReg/DelReg/CopyFiles/DelFiles directives (What: INFP_DO_*) of an
 * install section (Include/Needs processed), in the order written. */
DWORD InfpRunInstallSection(PCINFP_INSTALL Install, PCWSTR Section, HKEY Hkr, ULONG What);

/* infsvc.c: the AddService/DelService lines of a DDInstall.Services section.
 * *AssociatedService (malloc'd) is the service flagged SPSVCINST_ASSOCSERVICE
 * ("" for "AddService = ,2", the null driver), NULL when none is. */
DWORD InfpInstallServices(PCINFP_INSTALL Install, PCWSTR Section, PWSTR *AssociatedService);

/* driverstore.c: stage the INF: %windir%\INF\oemN.inf (an identical INF
 * already staged keeps its name), its files under
 * %windir%\System32\DriverStore\FileRepository\<name>_amd64_<hash>, recorded
 * under HKLM\DRIVERS\DriverDatabase (DriverInfFiles, DriverPackages and
 * DeviceIds\<id>, whose values name the oemN.inf).  *PublishedName is the
 * malloc'd "oemN.inf". */
DWORD InfpStageDriverPackage(PCINFP_INSTALL Install, PWSTR *PublishedName);

/* ---- one-call installs for ntio's tests (devinstall.c) ------------------------------------ */

/* What `devcon install INF HWID` does, in one call and through the public
 * functions (SetupDiGetINFClass, SetupDiCreateDeviceInfo with
 * DICD_GENERATE_ID, SPDRP_HARDWAREID, DIF_REGISTERDEVICE): a root-enumerated
 * device Enum\ROOT\<[Version] Class upper-cased>\NNNN (the next free) with
 * HardwareID = HardwareId in the PnP manager's tree, then the INF's driver
 * installed on it (and on any other present device with that ID, as
 * UpdateDriverForPlugAndPlayDevices).  InstallFlags: INSTALLFLAG_*.
 * Instance (optional) receives the new instance path; when it does not fit
 * (ERROR_INSUFFICIENT_BUFFER) no device is made.  Returns a Win32 error;
 * *Reboot (optional) is TRUE when a device could not be restarted. */
INFPAPI DWORD InfpInstallRootDevice(PCWSTR InfPath, PCWSTR HardwareId, DWORD InstallFlags,
                                    PWSTR Instance, ULONG InstanceChars, PBOOL Reboot);

/* Install the best driver of InfPath for one device instance (its hardware
 * then compatible IDs matched against the INF's models) and restart it.
 * ERROR_NO_SUCH_DEVINST when the instance is not present, ERROR_NO_COMPAT_DRIVERS
 * when the INF has no model for it. */
INFPAPI DWORD InfpInstallDeviceInstance(PCWSTR InfPath, PCWSTR Instance, DWORD InstallFlags,
                                        PBOOL Reboot);

NTIO_END_DECLS

#endif /* NTIO_SETUPAPIP_H */
