/*
 * cm/cm.h - the configuration manager's private interface: the Key object
 * type, the SQLite store behind it, names, security and volatile keys.
 *
 * The registry is one SQLite database, PREFIX/registry.db, shared by every
 * ntio process that uses the prefix (each is a kernel instance of its own
 * in the embedded model):
 *
 *   keys(id, parent, name, uname, class, last_write, flags, volatile_owner, sd)
 *   vals(id, key, name, uname, type, data)
 *
 * name is the name as created (UTF-16LE); uname the same upcased with the
 * kernel's RtlUpcaseUnicodeChar and stored big-endian, so that comparing
 * two unames compares names as Windows does, without regard to case, and
 * ORDER BY uname is Windows' subkey order.  Key ids are never reused
 * (AUTOINCREMENT): a handle holds an id, and an id that no longer exists
 * is a deleted key.  Values enumerate in vals.id order, the order they were
 * first set.  Deleting a key deletes its values (ON DELETE CASCADE).
 *
 * The store runs in WAL mode with synchronous=NORMAL: a committed change
 * is in the WAL file when its service returns, so a crash of the process
 * loses nothing; NtFlushKey fsyncs for durability across a power loss.
 * Every change is one IMMEDIATE transaction (writers of other processes
 * wait up to CMP_BUSY_TIMEOUT_MS for each other).
 */
#ifndef NTIO_CM_H
#define NTIO_CM_H

#include <wdm.h>
#include <ntio/ntreg.h>
#include <sqlite3.h>

#include "ex/ex.h"
#include "ob/ob.h"
#include "se/sep.h"

#define CM_POOL_TAG TAG('C', 'M', 'r', 'g')
#define CMP_BUSY_TIMEOUT_MS 10000

#define CM_MAX_KEY_NAME_CHARS 255      /* one component of a key path */
#define CM_MAX_VALUE_NAME_CHARS 16383
#define CM_MAX_VALUE_DATA (256u << 20) /* larger data: STATUS_INSUFFICIENT_RESOURCES */
#define CM_MAX_REPARSE 32              /* symbolic link keys followed by one open */

typedef LONGLONG CM_KEY_ID;

/* keys.flags */
#define CM_KEY_FLAG_LINK 0x0001      /* REG_OPTION_CREATE_LINK: follow SymbolicLinkValue */
#define CM_KEY_FLAG_NO_DELETE 0x0002 /* a predefined root: STATUS_CANNOT_DELETE */
#define CM_KEY_FLAG_TRUSTED 0x0004   /* in a system hive (KEY_TRUST_INFORMATION) */

/* ------------------------------------------------------------ key objects */

/* The body of a Key object: one per open (each handle refers to its own
 * body, as Windows' key bodies do), naming a row of the store.  The
 * permanent \REGISTRY object is the one body whose RegistryRoot is TRUE;
 * its id is CmpRootKeyId. */
#define CM_KEY_BODY_SIGNATURE TAG('C', 'm', 'K', 'b')
typedef struct _CM_KEY_BODY {
    ULONG Signature;
    BOOLEAN RegistryRoot;
    CM_KEY_ID KeyId;
} CM_KEY_BODY, *PCM_KEY_BODY;

extern POBJECT_TYPE CmKeyObjectType;
extern GENERIC_MAPPING CmKeyMapping;
extern PCM_KEY_BODY CmpRegistryRootObject; /* \REGISTRY (permanent), NULL if it could not be made */
extern CM_KEY_ID CmpRootKeyId; /* 0 until the store has been opened */

static inline CM_KEY_ID CmpKeyIdOf(PCM_KEY_BODY Body)
{
    return Body->RegistryRoot ? CmpRootKeyId : Body->KeyId;
}

/* What NtCreateKey / NtOpenKey pass through the object manager's name
 * lookup to CmpParseKey (ParseContext), and what comes back. */
#define CM_PARSE_SIGNATURE TAG('C', 'm', 'P', 'c')
typedef struct _CM_PARSE_CONTEXT {
    ULONG Signature;
    BOOLEAN Create;
    ULONG CreateOptions;              /* REG_OPTION_* (create) */
    PUNICODE_STRING Class;            /* kernel copy, may be NULL (create) */
    PSECURITY_DESCRIPTOR Descriptor;  /* captured, self-relative, may be NULL */
    ACCESS_MASK DesiredAccess;
    /* out */
    ACCESS_MASK GrantedAccess;
    ULONG Disposition;                /* REG_CREATED_NEW_KEY / REG_OPENED_EXISTING_KEY */
} CM_PARSE_CONTEXT, *PCM_PARSE_CONTEXT;

/* The Key type's parse procedure (cmkey.c): open or create the key named
 * by RemainingName below ParseObject (a CM_KEY_BODY). */
NTSTATUS CmpParseKey(PVOID ParseObject, KPROCESSOR_MODE AccessMode, ULONG Attributes,
                     PUNICODE_STRING CompleteName, PUNICODE_STRING RemainingName, PVOID Context,
                     PVOID *Object);
/* If Name is an absolute registry path (\REGISTRY, \REGISTRY\...), the
 * rest of it after \REGISTRY; the registry's own lookup starts there
 * without the object manager's (which limits the length of a name). */
BOOLEAN CmpSplitRegistryPath(PCUNICODE_STRING Name, PUNICODE_STRING Rest);
/* A new key body for Id (referenced once). */
NTSTATUS CmpCreateKeyBody(CM_KEY_ID Id, PCM_KEY_BODY *Body);
VOID CmpInitializeKeyType(VOID);

/* ------------------------------------------------------------------ store */

/* The prepared statements, one per operation (cmstore.c has their SQL). */
typedef enum _CMP_STMT {
    CMS_BEGIN_WRITE,
    CMS_COMMIT,
    CMS_ROLLBACK,
    CMS_ROOT,
    CMS_KEY_LOOKUP,
    CMS_KEY_GET,
    CMS_KEY_SD,
    CMS_KEY_INSERT,
    CMS_KEY_TOUCH,
    CMS_KEY_DELETE,
    CMS_KEY_HAS_CHILD,
    CMS_KEY_ENUM,
    CMS_KEY_STATS,
    CMS_KEY_PATH,
    CMS_VALUE_GET,
    CMS_VALUE_ENUM,
    CMS_VALUE_SET,
    CMS_VALUE_DELETE,
    CMS_VOLATILE_OWNERS,
    CMS_VOLATILE_KEYS_OF,
    CMS_SUBTREE_OWNERS,
    CMS_SET_OWNER,
    CMS_COUNT
} CMP_STMT;

/*
 * Locking: CmpLockStore serializes every use of the process's one SQLite
 * connection (statements, transactions) and of the scratch state below; it
 * is never held while a caller's callback or another component runs.  The
 * connection belongs to the process that opened it: after fork() the child
 * opens its own (SQLite connections must not cross a fork) and leaves the
 * inherited one untouched.  Fails (the lock not held) when the store cannot
 * be opened; the reason was printed.
 */
NTSTATUS CmpLockStore(VOID);
VOID CmpUnlockStore(VOID);
/* The statement, reset and unbound (store locked); NULL after an error
 * (status in *Status, printed). */
sqlite3_stmt *CmpStatement(CMP_STMT Id, NTSTATUS *Status);
/* sqlite3_step; SQLITE_ROW and SQLITE_DONE are returned as is, an error is
 * printed and mapped into *Status (and returned as its SQLite code). */
int CmpStep(sqlite3_stmt *Stmt, NTSTATUS *Status);
/* Map an SQLite result to an NTSTATUS and report it on stderr with What:
 * SQLITE_NOMEM, FULL, TOOBIG -> STATUS_INSUFFICIENT_RESOURCES; CORRUPT,
 * NOTADB, FORMAT, SCHEMA, MISMATCH, CONSTRAINT -> STATUS_REGISTRY_CORRUPT;
 * every other error (I/O, BUSY past the timeout, CANTOPEN, READONLY …) ->
 * STATUS_REGISTRY_IO_FAILED. */
NTSTATUS CmpSqliteStatus(int Rc, const char *What);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (store locked). */
NTSTATUS CmpBeginWrite(VOID);
NTSTATUS CmpCommit(VOID);
VOID CmpRollback(VOID);
/* Finish a write: commit if Status is a success, roll back otherwise;
 * returns the final status. */
NTSTATUS CmpEndWrite(NTSTATUS Status);
/* fsync the WAL and the database (NtFlushKey). */
NTSTATUS CmpFlushStore(VOID);
/* Bind helpers: NULL/empty data binds an empty blob, never SQL NULL. */
int CmpBindBlob(sqlite3_stmt *Stmt, int Index, const void *Data, ULONG Bytes);
/* A column as a counted buffer (never NULL for an empty blob). */
const void *CmpColumnBlob(sqlite3_stmt *Stmt, int Column, ULONG *Bytes);
/* The current time as a FILETIME (100 ns since 1601). */
LONGLONG CmpNow(VOID);
/* The database file's path (for messages). */
const char *CmpStorePath(VOID);
/* Once per process, with the connection open (store locked): drop the
 * volatile keys of instances that have ended, create what is missing of
 * the predefined tree, learn the root's id (cminit.c). */
NTSTATUS CmpInitializeStore(VOID);

/* ------------------------------------------------------------------ names */

/* An upcased name for the uname columns: Chars UTF-16 characters into
 * Chars * 2 bytes (Out), big-endian. */
VOID CmpUpcaseName(PCWCH Name, ULONG Chars, PUCHAR Out);
/* Next component of a key path: skips separators; FALSE when there is
 * none left.  *Start and *Chars describe the component. */
BOOLEAN CmpNextComponent(PCWCH Path, ULONG PathChars, ULONG *Pos, ULONG *Start, ULONG *Chars);

/* Store-level key operations (cmkey.c / cmquery.c / cmvalue.c), store locked. */
typedef struct _CM_KEY_ROW {
    CM_KEY_ID Id;
    ULONG Flags;
    BOOLEAN Volatile;
} CM_KEY_ROW, *PCM_KEY_ROW;
/* The child Name of Parent: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND or
 * a store error. */
NTSTATUS CmpLookupChild(CM_KEY_ID Parent, PCWCH Name, ULONG Chars, PCM_KEY_ROW Row);
/* The key itself: STATUS_SUCCESS or STATUS_KEY_DELETED (or a store error). */
NTSTATUS CmpGetKey(CM_KEY_ID Id, PCM_KEY_ROW Row);
/* A copy of the key's security descriptor (pool, CM_POOL_TAG). */
NTSTATUS CmpGetKeySecurity(CM_KEY_ID Id, PSECURITY_DESCRIPTOR *Descriptor);
/* Insert a key row (inside a write transaction). */
NTSTATUS CmpInsertKey(CM_KEY_ID Parent, PCWCH Name, ULONG Chars, PCUNICODE_STRING Class, ULONG Flags,
                      BOOLEAN Volatile, PSECURITY_DESCRIPTOR Descriptor, CM_KEY_ID *Id);
/* last_write = now (inside a write transaction). */
NTSTATUS CmpTouchKey(CM_KEY_ID Id);
/* Create or replace a value (inside a write transaction). */
NTSTATUS CmpSetValue(CM_KEY_ID Key, PCWCH Name, ULONG Chars, ULONG Type, const VOID *Data, ULONG Bytes);

/* ------------------------------------------------------- output buffers */

/* A caller's output buffer: writes are clipped to Length and go through
 * SvcCopyOut for user mode (Fault is set if one faults). */
typedef struct _CM_OUTPUT {
    PUCHAR Buffer;
    ULONG Length;
    KPROCESSOR_MODE Mode;
    BOOLEAN Fault;
} CM_OUTPUT, *PCM_OUTPUT;
VOID CmpOutWrite(PCM_OUTPUT Out, ULONG Offset, const VOID *Data, ULONG Bytes);
/* Write the fixed part and the variable parts, or nothing when the fixed
 * part does not fit; *NeededOut = Needed; the status Windows returns for
 * that buffer (SUCCESS, BUFFER_OVERFLOW, BUFFER_TOO_SMALL, ACCESS_VIOLATION). */
typedef struct _CMP_PART {
    ULONG Offset;
    const VOID *Data;
    ULONG Bytes;
} CMP_PART;
NTSTATUS CmpEmit(PCM_OUTPUT Out, const VOID *Fixed, ULONG FixedBytes, const CMP_PART *Parts,
                 ULONG PartCount, ULONG Needed, PULONG NeededOut);

/* Store-locked formatters: fill Out, set *Needed; return STATUS_SUCCESS,
 * STATUS_BUFFER_OVERFLOW, STATUS_BUFFER_TOO_SMALL, STATUS_KEY_DELETED,
 * STATUS_NO_MORE_ENTRIES, STATUS_OBJECT_NAME_NOT_FOUND,
 * STATUS_INVALID_PARAMETER (class) or a store error. */
NTSTATUS CmpQueryKey(CM_KEY_ID Id, KEY_INFORMATION_CLASS Class, PCM_OUTPUT Out, PULONG Needed);
NTSTATUS CmpEnumerateKey(CM_KEY_ID Id, ULONG Index, KEY_INFORMATION_CLASS Class, PCM_OUTPUT Out,
                         PULONG Needed);
NTSTATUS CmpQueryValue(CM_KEY_ID Id, PCWCH Name, ULONG Chars, KEY_VALUE_INFORMATION_CLASS Class,
                       PCM_OUTPUT Out, PULONG Needed);
NTSTATUS CmpEnumerateValue(CM_KEY_ID Id, ULONG Index, KEY_VALUE_INFORMATION_CLASS Class,
                           PCM_OUTPUT Out, PULONG Needed);
/* Whole operations (they lock the store themselves). */
NTSTATUS CmpSetValueKey(CM_KEY_ID Id, PCWCH Name, ULONG Chars, ULONG Type, const VOID *Data, ULONG Bytes);
NTSTATUS CmpDeleteValueKey(CM_KEY_ID Id, PCWCH Name, ULONG Chars);
NTSTATUS CmpDeleteKey(CM_KEY_ID Id);

/* --------------------------------------------------------------- security */

/* Access check on a key's descriptor for DesiredAccess (KEY_WOW64_* are
 * ignored): checked when Mode is UserMode or Attributes has
 * OBJ_FORCE_ACCESS_CHECK, else everything asked is granted. */
NTSTATUS CmpAccessCheck(PSECURITY_DESCRIPTOR Descriptor, ACCESS_MASK DesiredAccess,
                        KPROCESSOR_MODE Mode, ULONG Attributes, PACCESS_MASK Granted);
/* Capture a caller's descriptor (either form) into a validated
 * self-relative copy in pool (CM_POOL_TAG); the SACL is dropped.
 * STATUS_ACCESS_VIOLATION, STATUS_UNKNOWN_REVISION, STATUS_INVALID_SID,
 * STATUS_INVALID_ACL, STATUS_INVALID_SECURITY_DESCR. */
NTSTATUS CmpCaptureSecurityDescriptor(KPROCESSOR_MODE Mode, PVOID Input, PSECURITY_DESCRIPTOR *Captured);
/* The descriptor of a new key: Explicit (captured; may be NULL) with the
 * parent's inheritable ACEs, owner the creator when Explicit names none. */
NTSTATUS CmpAssignSecurity(PSECURITY_DESCRIPTOR Parent, PSECURITY_DESCRIPTOR Explicit,
                           PSECURITY_DESCRIPTOR *Result);
ULONG CmpSecurityLength(PSECURITY_DESCRIPTOR Descriptor);
/* The default descriptors of the predefined trees (pool; free with ExFreePool). */
typedef enum _CMP_DEFAULT_SD {
    CmpSdMachine,    /* SYSTEM, Administrators: all; Users: read (inherited) */
    CmpSdUserRoot,   /* \Registry\User: SYSTEM, Administrators: all; Everyone: read (this key) */
    CmpSdUserHive,   /* \Registry\User\<SID>: that user, SYSTEM, Administrators: all */
    CmpSdDefaultUser /* \Registry\User\.DEFAULT: SYSTEM, Administrators: all; Users: read */
} CMP_DEFAULT_SD;
NTSTATUS CmpDefaultSecurity(CMP_DEFAULT_SD Which, PSECURITY_DESCRIPTOR *Descriptor);
/* The current user's SID as a string ("S-1-5-18", "S-1-5-21-0-0-0-1000"),
 * NUL-terminated, at most 64 characters. */
VOID CmpCurrentUserSidString(PWCHAR Buffer, ULONG Chars);

/* ---------------------------------------------------------- volatile keys */

/* This kernel instance ("bootid:pid:starttime"; store locked). */
const char *CmpCurrentInstance(VOID);
/* Delete the volatile keys of instances that have ended (store locked,
 * outside a transaction: it makes its own when something has died). */
NTSTATUS CmpCleanVolatileKeys(VOID);

/* ------------------------------------------------------------------- init */

VOID CmInitSystem(VOID);

#endif /* NTIO_CM_H */
