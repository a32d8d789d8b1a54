/*
 * ntio/ntreg.h - registry system services (NtCreateKey …) and their information classes, shared by the kernel and advapi32.
 *
 * Layouts, names and values are Windows' (wdm.h, ntddk.h, winnt.h), so code
 * written against the WDK or the native API reads these structures as is.
 * The registry itself is the configuration manager (kernel/cm): keys are
 * objects under \REGISTRY (\Registry\Machine, \Registry\User\<SID>), kept in
 * PREFIX/registry.db.  Names are compared without regard to case and keep
 * the case they were created with; a key name component has at most 255
 * characters, a value name at most 16383.
 *
 * Every service validates what user mode passes (bad pointers give
 * STATUS_ACCESS_VIOLATION) and checks the handle's granted access:
 *   NtQueryKey              KEY_QUERY_VALUE (none for KeyNameInformation and
 *                           KeyHandleTagsInformation)
 *   NtEnumerateKey          KEY_ENUMERATE_SUB_KEYS
 *   NtQueryValueKey,
 *   NtEnumerateValueKey     KEY_QUERY_VALUE
 *   NtSetValueKey,
 *   NtDeleteValueKey        KEY_SET_VALUE
 *   NtDeleteKey             DELETE
 * Opening and creating check the key's security descriptor (creating also
 * needs KEY_CREATE_SUB_KEY on the parent) for callers in user mode, or in
 * kernel mode with OBJ_FORCE_ACCESS_CHECK.  A handle to a key that has been
 * deleted gives STATUS_KEY_DELETED.
 *
 * Output buffers follow Windows' rule: *ResultLength always receives the
 * size the whole answer needs; STATUS_BUFFER_TOO_SMALL when not even the
 * fixed part of the structure fits (nothing written), STATUS_BUFFER_OVERFLOW
 * when it does but the name, class or data does not (the fixed part and what
 * fits are written).
 */
#ifndef NTIO_NTREG_H
#define NTIO_NTREG_H

#include <ntio/basetypes.h>
#include <ntio/ntdef.h>
#include <ntio/access.h>

NTIO_BEGIN_DECLS

#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI NTIO_EXPORT
#endif
#ifndef NTSYSAPI
#define NTSYSAPI NTIO_EXPORT
#endif

/* ---- value types, access rights, options, dispositions (winnt.h) ------- */

#include <ntio/regdefs.h>

/* ---- information classes and their structures (wdm.h, ntddk.h) ---------- */

typedef enum _KEY_INFORMATION_CLASS {
    KeyBasicInformation,          /* KEY_BASIC_INFORMATION */
    KeyNodeInformation,           /* KEY_NODE_INFORMATION */
    KeyFullInformation,           /* KEY_FULL_INFORMATION */
    KeyNameInformation,           /* KEY_NAME_INFORMATION: the full \REGISTRY\... path */
    KeyCachedInformation,         /* KEY_CACHED_INFORMATION */
    KeyFlagsInformation,          /* reserved for the system: STATUS_INVALID_PARAMETER */
    KeyVirtualizationInformation, /* KEY_VIRTUALIZATION_INFORMATION (ntio never virtualizes) */
    KeyHandleTagsInformation,     /* KEY_HANDLE_TAGS_INFORMATION (always 0) */
    KeyTrustInformation,          /* KEY_TRUST_INFORMATION */
    KeyLayerInformation,          /* KEY_LAYER_INFORMATION (no layered keys: all 0) */
    MaxKeyInfoClass
} KEY_INFORMATION_CLASS;

typedef struct _KEY_BASIC_INFORMATION {
    LARGE_INTEGER LastWriteTime; /* 100 ns units since 1601 (UTC) */
    ULONG TitleIndex;            /* always 0 */
    ULONG NameLength;            /* bytes */
    WCHAR Name[1];               /* the key's own name, not terminated */
} KEY_BASIC_INFORMATION, *PKEY_BASIC_INFORMATION;

typedef struct _KEY_NODE_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;           /* from the start; 0xFFFFFFFF when the key has no class */
    ULONG ClassLength;           /* bytes */
    ULONG NameLength;            /* bytes */
    WCHAR Name[1];               /* the name, then (ULONG-aligned) the class */
} KEY_NODE_INFORMATION, *PKEY_NODE_INFORMATION;

typedef struct _KEY_FULL_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;           /* FIELD_OFFSET(Class), or 0xFFFFFFFF without class */
    ULONG ClassLength;
    ULONG SubKeys;
    ULONG MaxNameLen;            /* longest subkey name, bytes */
    ULONG MaxClassLen;           /* longest subkey class, bytes */
    ULONG Values;
    ULONG MaxValueNameLen;       /* bytes */
    ULONG MaxValueDataLen;       /* bytes */
    WCHAR Class[1];
} KEY_FULL_INFORMATION, *PKEY_FULL_INFORMATION;

typedef struct _KEY_NAME_INFORMATION {
    ULONG NameLength;
    WCHAR Name[1];
} KEY_NAME_INFORMATION, *PKEY_NAME_INFORMATION;

typedef struct _KEY_CACHED_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG SubKeys;
    ULONG MaxNameLen;
    ULONG Values;
    ULONG MaxValueNameLen;
    ULONG MaxValueDataLen;
    ULONG NameLength;            /* the key's own name, bytes */
} KEY_CACHED_INFORMATION, *PKEY_CACHED_INFORMATION;

typedef struct _KEY_VIRTUALIZATION_INFORMATION {
    ULONG VirtualizationCandidate : 1;
    ULONG VirtualizationEnabled : 1;
    ULONG VirtualTarget : 1;
    ULONG VirtualStore : 1;
    ULONG VirtualSource : 1;
    ULONG Reserved : 27;
} KEY_VIRTUALIZATION_INFORMATION, *PKEY_VIRTUALIZATION_INFORMATION;

typedef struct _KEY_HANDLE_TAGS_INFORMATION {
    ULONG HandleTags;
} KEY_HANDLE_TAGS_INFORMATION, *PKEY_HANDLE_TAGS_INFORMATION;

typedef struct _KEY_TRUST_INFORMATION {
    ULONG TrustedKey : 1;        /* a key of a system hive (Machine\SYSTEM, SOFTWARE, HARDWARE …) */
    ULONG Reserved : 31;
} KEY_TRUST_INFORMATION, *PKEY_TRUST_INFORMATION;

typedef struct _KEY_LAYER_INFORMATION {
    ULONG IsTombstone : 1;
    ULONG IsSupersedeLocal : 1;
    ULONG IsSupersedeTree : 1;
    ULONG ClassIsInherited : 1;
    ULONG Reserved : 28;
} KEY_LAYER_INFORMATION, *PKEY_LAYER_INFORMATION;

typedef enum _KEY_VALUE_INFORMATION_CLASS {
    KeyValueBasicInformation,          /* KEY_VALUE_BASIC_INFORMATION */
    KeyValueFullInformation,           /* KEY_VALUE_FULL_INFORMATION, data ULONG-aligned */
    KeyValuePartialInformation,        /* KEY_VALUE_PARTIAL_INFORMATION */
    KeyValueFullInformationAlign64,    /* KEY_VALUE_FULL_INFORMATION, data at an 8-byte address */
    KeyValuePartialInformationAlign64, /* KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 */
    KeyValueLayerInformation,          /* KEY_VALUE_LAYER_INFORMATION */
    MaxKeyValueInfoClass
} KEY_VALUE_INFORMATION_CLASS;

typedef struct _KEY_VALUE_BASIC_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_VALUE_BASIC_INFORMATION, *PKEY_VALUE_BASIC_INFORMATION;

typedef struct _KEY_VALUE_FULL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataOffset;            /* from the start of the structure */
    ULONG DataLength;
    ULONG NameLength;
    WCHAR Name[1];               /* the name, then the data at DataOffset */
} KEY_VALUE_FULL_INFORMATION, *PKEY_VALUE_FULL_INFORMATION;

typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

typedef struct _KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 {
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, *PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64;

typedef struct _KEY_VALUE_LAYER_INFORMATION {
    ULONG IsTombstone : 1;
    ULONG Reserved : 31;
} KEY_VALUE_LAYER_INFORMATION, *PKEY_VALUE_LAYER_INFORMATION;

/* ---- the services (kernel/sys/key.c) ------------------------------------ */

/*
 * NtCreateKey - open the key ObjectAttributes names, creating it (not its
 * parents) if it does not exist.  ObjectName is absolute (\Registry\...)
 * or relative to RootDirectory (a key, or an object directory); empty
 * components ("a\\b", a trailing '\') are skipped.  TitleIndex is ignored;
 * Class (optional) is stored with a new key.  CreateOptions: REG_OPTION_*
 * (REG_LEGAL_OPTION; anything else STATUS_INVALID_PARAMETER):
 *   VOLATILE      the key belongs to this kernel instance and vanishes
 *                 when it ends; a non-volatile key under a volatile one is
 *                 STATUS_CHILD_MUST_BE_VOLATILE;
 *   CREATE_LINK   a symbolic link key: its only value is SymbolicLinkValue
 *                 (REG_LINK, the absolute target path, no terminator); an
 *                 existing key of that name is STATUS_OBJECT_NAME_COLLISION.
 *                 Links are followed by every open unless OBJ_OPENLINK names
 *                 the link itself;
 *   BACKUP_RESTORE kernel mode only (user mode: STATUS_ACCESS_DENIED, no
 *                 backup privilege is held).
 * A new key gets ObjectAttributes->SecurityDescriptor (with the parent's
 * inheritable ACEs added, unless the DACL is protected) or, without one,
 * the parent's inheritable ACEs.  Disposition (optional) receives
 * REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY.  On failure *KeyHandle
 * is set to NULL.  A missing parent: STATUS_OBJECT_NAME_NOT_FOUND.
 */
NTSYSCALLAPI NTSTATUS NTAPI NtCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
                                        PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition);
/* Open an existing key (STATUS_OBJECT_NAME_NOT_FOUND when it, or one of
 * its parents, does not exist). */
NTSYSCALLAPI NTSTATUS NTAPI NtOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                      POBJECT_ATTRIBUTES ObjectAttributes);
/* The same with OpenOptions: REG_OPEN_LEGAL_OPTION (REG_OPTION_OPEN_LINK is
 * accepted and, as on Windows, has no effect: OBJ_OPENLINK decides). */
NTSYSCALLAPI NTSTATUS NTAPI NtOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes, ULONG OpenOptions);
/* Delete the key (DELETE access): STATUS_CANNOT_DELETE while it has
 * subkeys, and for the predefined roots (\REGISTRY, Machine, User, the
 * hives).  Its values go with it; every handle to it then gets
 * STATUS_KEY_DELETED (NtDeleteKey itself: success, nothing to do). */
NTSYSCALLAPI NTSTATUS NTAPI NtDeleteKey(HANDLE KeyHandle);
/* STATUS_OBJECT_NAME_NOT_FOUND when the value does not exist. */
NTSYSCALLAPI NTSTATUS NTAPI NtDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName);
/* Subkey number Index in Windows' order: the stable subkeys, then the
 * volatile ones, each sorted by name without regard to case.
 * KeyBasicInformation, KeyNodeInformation or KeyFullInformation;
 * STATUS_NO_MORE_ENTRIES past the last. */
NTSYSCALLAPI NTSTATUS NTAPI NtEnumerateKey(HANDLE KeyHandle, ULONG Index,
                                           KEY_INFORMATION_CLASS KeyInformationClass,
                                           PVOID KeyInformation, ULONG Length, PULONG ResultLength);
/* Value number Index, in the order the values were first set;
 * STATUS_NO_MORE_ENTRIES past the last. */
NTSYSCALLAPI NTSTATUS NTAPI NtEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                                KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                                PVOID KeyValueInformation, ULONG Length,
                                                PULONG ResultLength);
/* Make everything committed so far durable (an fsync of the store); every
 * change is already safe from a crash of the process when its service
 * returns. */
NTSYSCALLAPI NTSTATUS NTAPI NtFlushKey(HANDLE KeyHandle);
NTSYSCALLAPI NTSTATUS NTAPI NtQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass,
                                       PVOID KeyInformation, ULONG Length, PULONG ResultLength);
/* ValueName: empty for the key's default value. */
NTSYSCALLAPI NTSTATUS NTAPI NtQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                                            KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                                            PVOID KeyValueInformation, ULONG Length,
                                            PULONG ResultLength);
/* Create or replace a value (its data stored as given, of any Type; a
 * replaced value keeps its place in the enumeration order and the case of
 * its name).  A value name over 16383 characters: STATUS_INVALID_PARAMETER.
 * TitleIndex is ignored. */
NTSYSCALLAPI NTSTATUS NTAPI NtSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
                                          ULONG Type, PVOID Data, ULONG DataSize);

/* ---- the current user (ntdll's exports; kernel/rtl/registry.c) ---------- */

/* "\REGISTRY\USER\<SID of the caller>" into a new string the caller frees
 * with RtlFreeUnicodeString.  The SID is S-1-5-18 (LocalSystem) for
 * effective uid 0, S-1-5-21-0-0-0-<1000+uid> for any other uid. */
NTSYSAPI NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING CurrentUserKeyPath);
/* Open that key (HKEY_CURRENT_USER) with DesiredAccess; when it cannot be
 * opened, \REGISTRY\USER\.DEFAULT, as Windows does. */
NTSYSAPI NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK DesiredAccess, PHANDLE CurrentUserKey);

NTIO_END_DECLS

#endif /* NTIO_NTREG_H */
