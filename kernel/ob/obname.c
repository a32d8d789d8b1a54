/*
 * ob/obname.c - the object namespace: directories, names, symbolic links
 * and name lookup (ObpLookupObjectName).
 *
 * Locking: ObpNamespaceLock (a reader/writer lock) guards every directory's
 * buckets and every header's Directory/Name/ChainLink.  Lookups hold it
 * shared; inserting and removing names hold it exclusive.  A name in a
 * directory holds one pointer reference on its object; the name goes (and
 * the reference with it) when the last handle closes, unless the object is
 * permanent.
 */
#include "ob.h"
#include "ex/ex.h"
#include "rtl/nls.h"

#include <pthread.h>
#include <stdio.h>

#define OBP_MAX_REPARSE 32
#define OBP_MAX_PATH 4096 /* WCHARs */

static pthread_rwlock_t ObpNamespaceLock = PTHREAD_RWLOCK_INITIALIZER;
POBJECT_DIRECTORY ObpRootDirectoryObject;
POBJECT_TYPE ObpDirectoryObjectType, ObpSymbolicLinkObjectType;

static ULONG ObpHashName(PCWCH Name, USHORT Chars)
{
    ULONG h = 0;
    for (USHORT i = 0; i < Chars; i++)
        h = h * 31 + RtlUpcaseUnicodeChar(Name[i]);
    return h % OBP_DIRECTORY_BUCKETS;
}

static BOOLEAN ObpNameEquals(PCUNICODE_STRING Name, PCWCH Chars, USHORT Count)
{
    UNICODE_STRING Other = { (USHORT)(Count * sizeof(WCHAR)), (USHORT)(Count * sizeof(WCHAR)),
                             (PWCH)Chars };
    return RtlEqualUnicodeString(Name, &Other, TRUE);
}

/* Find Chars[0..Count) in Directory (namespace lock held). */
static POBJECT_HEADER ObpLookupEntry(POBJECT_DIRECTORY Directory, PCWCH Chars, USHORT Count)
{
    for (POBJECT_HEADER H = Directory->HashBuckets[ObpHashName(Chars, Count)]; H; H = H->ChainLink)
        if (ObpNameEquals(&H->Name, Chars, Count))
            return H;
    return NULL;
}

/* Unlink a named header from its directory (namespace lock held exclusive). */
static VOID ObpUnlinkName(POBJECT_HEADER Header)
{
    POBJECT_DIRECTORY Dir = Header->Directory;
    POBJECT_HEADER *Link = &Dir->HashBuckets[ObpHashName(Header->Name.Buffer,
                                                         Header->Name.Length / sizeof(WCHAR))];
    while (*Link && *Link != Header)
        Link = &(*Link)->ChainLink;
    if (*Link)
        *Link = Header->ChainLink;
    Header->ChainLink = NULL;
    Header->Directory = NULL;
}

VOID ObpRemoveName(POBJECT_HEADER Header)
{
    BOOLEAN WasNamed;
    pthread_rwlock_wrlock(&ObpNamespaceLock);
    WasNamed = Header->Directory != NULL;
    if (WasNamed)
        ObpUnlinkName(Header);
    pthread_rwlock_unlock(&ObpNamespaceLock);
    /* The directory's reference goes with the name. */
    if (WasNamed && Header->PointerCount > 0)
        ObfDereferenceObject(OBJECT_HEADER_TO_OBJECT(Header));
}

static BOOLEAN ObpIsSeparator(WCHAR c)
{
    return c == L'\\';
}

NTSTATUS ObpLookupObjectName(HANDLE RootDirectory, PUNICODE_STRING Name, ULONG Attributes,
                             POBJECT_TYPE ExpectedType, KPROCESSOR_MODE AccessMode, PVOID ParseContext,
                             PVOID *Object)
{
    WCHAR *Path;
    USHORT Len;
    POBJECT_DIRECTORY Start = ObpRootDirectoryObject;
    PVOID RootObject = NULL;
    NTSTATUS Status;

    *Object = NULL;
    if (!Name || (Name->Length & 1) || Name->Length > Name->MaximumLength ||
        (Name->Length && !Name->Buffer))
        return STATUS_OBJECT_NAME_INVALID;
    /* The walk below copies the name into a buffer of OBP_MAX_PATH. */
    if (Name->Length >= OBP_MAX_PATH * sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    if (RootDirectory) {
        Status = ObReferenceObjectByHandle(RootDirectory, DIRECTORY_TRAVERSE, ObpDirectoryObjectType,
                                           AccessMode, &RootObject, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
        Start = RootObject;
        if (Name->Length && ObpIsSeparator(Name->Buffer[0])) {
            ObfDereferenceObject(RootObject);
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        }
    } else if (Name->Length == 0 || !ObpIsSeparator(Name->Buffer[0])) {
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    }

    Path = ExpAllocatePool(PagedPool, OBP_MAX_PATH * sizeof(WCHAR), TAG('O', 'b', 'N', 'm'),
                           __builtin_return_address(0));
    if (!Path) {
        if (RootObject)
            ObfDereferenceObject(RootObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Len = Name->Length / sizeof(WCHAR);
    memcpy(Path, Name->Buffer, Name->Length);

    for (int Reparse = 0;; Reparse++) {
        USHORT Pos = 0;
        POBJECT_DIRECTORY Dir = Start;
        if (Reparse > OBP_MAX_REPARSE) {
            Status = STATUS_REPARSE_POINT_NOT_RESOLVED;
            goto out;
        }
        if (Len && ObpIsSeparator(Path[0]))
            Pos = 1;
        if (Pos == Len) {
            /* "\" names the root directory itself. */
            *Object = Dir;
            ObfReferenceObject(Dir);
            Status = (ExpectedType && ExpectedType != ObpDirectoryObjectType)
                         ? STATUS_OBJECT_TYPE_MISMATCH : STATUS_SUCCESS;
            if (!NT_SUCCESS(Status)) {
                ObfDereferenceObject(Dir);
                *Object = NULL;
            }
            goto out;
        }

        pthread_rwlock_rdlock(&ObpNamespaceLock);
        for (;;) {
            USHORT End = Pos;
            while (End < Len && !ObpIsSeparator(Path[End]))
                End++;
            if (End == Pos) {
                pthread_rwlock_unlock(&ObpNamespaceLock);
                Status = STATUS_OBJECT_NAME_INVALID;
                goto out;
            }
            BOOLEAN Last = (End == Len);
            POBJECT_HEADER H = ObpLookupEntry(Dir, &Path[Pos], (USHORT)(End - Pos));
            if (!H) {
                pthread_rwlock_unlock(&ObpNamespaceLock);
                Status = Last ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
                goto out;
            }
            PVOID Found = OBJECT_HEADER_TO_OBJECT(H);

            if (H->Type == ObpSymbolicLinkObjectType && (!Last || !(Attributes & OBJ_OPENLINK))) {
                /* Replace the consumed prefix with the link target and start over. */
                POBJECT_SYMBOLIC_LINK Link = Found;
                USHORT TargetLen = Link->LinkTarget.Length / sizeof(WCHAR);
                USHORT Rest = (USHORT)(Len - End);
                if ((ULONG)TargetLen + Rest > OBP_MAX_PATH) {
                    pthread_rwlock_unlock(&ObpNamespaceLock);
                    Status = STATUS_NAME_TOO_LONG;
                    goto out;
                }
                memmove(&Path[TargetLen], &Path[End], Rest * sizeof(WCHAR));
                memcpy(Path, Link->LinkTarget.Buffer, TargetLen * sizeof(WCHAR));
                Len = (USHORT)(TargetLen + Rest);
                Start = ObpRootDirectoryObject;
                pthread_rwlock_unlock(&ObpNamespaceLock);
                break; /* reparse */
            }

            if (H->Type->TypeInfo.ParseProcedure && (!Last || ParseContext)) {
                OB_PARSE_METHOD Parse = H->Type->TypeInfo.ParseProcedure;
                UNICODE_STRING Complete = { (USHORT)(Len * sizeof(WCHAR)),
                                            (USHORT)(Len * sizeof(WCHAR)), Path };
                UNICODE_STRING Remaining = { (USHORT)((Len - End) * sizeof(WCHAR)),
                                             (USHORT)((Len - End) * sizeof(WCHAR)), &Path[End] };
                ObfReferenceObject(Found);
                pthread_rwlock_unlock(&ObpNamespaceLock);
                Status = Parse(Found, AccessMode, Attributes, &Complete, &Remaining, ParseContext,
                               Object);
                ObfDereferenceObject(Found);
                if (NT_SUCCESS(Status) && ExpectedType && *Object &&
                    OBJECT_TO_OBJECT_HEADER(*Object)->Type != ExpectedType) {
                    ObfDereferenceObject(*Object);
                    *Object = NULL;
                    Status = STATUS_OBJECT_TYPE_MISMATCH;
                }
                goto out;
            }

            if (!Last) {
                if (H->Type != ObpDirectoryObjectType) {
                    pthread_rwlock_unlock(&ObpNamespaceLock);
                    Status = STATUS_OBJECT_PATH_NOT_FOUND;
                    goto out;
                }
                Dir = Found;
                Pos = (USHORT)(End + 1);
                if (Pos == Len) {
                    /* trailing separator: "\Device\" */
                    pthread_rwlock_unlock(&ObpNamespaceLock);
                    Status = STATUS_OBJECT_NAME_INVALID;
                    goto out;
                }
                continue;
            }

            if (ExpectedType && H->Type != ExpectedType) {
                pthread_rwlock_unlock(&ObpNamespaceLock);
                Status = STATUS_OBJECT_TYPE_MISMATCH;
                goto out;
            }
            if (AccessMode == UserMode && (H->Flags & OB_FLAG_KERNEL_ONLY)) {
                pthread_rwlock_unlock(&ObpNamespaceLock);
                Status = STATUS_ACCESS_DENIED;
                goto out;
            }
            ObfReferenceObject(Found);
            pthread_rwlock_unlock(&ObpNamespaceLock);
            *Object = Found;
            Status = STATUS_SUCCESS;
            goto out;
        }
    }
out:
    ExpFreePool(Path, 0, FALSE, NULL);
    if (RootObject)
        ObfDereferenceObject(RootObject);
    return Status;
}

NTSTATUS ObpInsertName(PVOID Object, PUNICODE_STRING FullName, ULONG Attributes,
                       PVOID *ExistingObject)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    PVOID Parent;
    NTSTATUS Status;
    USHORT Len, Split;

    if (ExistingObject)
        *ExistingObject = NULL;
    if (!FullName || (FullName->Length & 1) || FullName->Length < 2 || !FullName->Buffer)
        return STATUS_OBJECT_NAME_INVALID;
    if (FullName->Buffer[0] != L'\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    Len = FullName->Length / sizeof(WCHAR);
    Split = Len;
    while (Split > 0 && FullName->Buffer[Split - 1] != L'\\')
        Split--;
    /* Split: index just past the last separator. */
    if (Split == Len)
        return STATUS_OBJECT_NAME_INVALID;
    if (Split == 1) {
        Parent = ObpRootDirectoryObject;
        ObfReferenceObject(Parent);
    } else {
        UNICODE_STRING ParentName = { (USHORT)((Split - 1) * sizeof(WCHAR)),
                                      (USHORT)((Split - 1) * sizeof(WCHAR)), FullName->Buffer };
        Status = ObpLookupObjectName(NULL, &ParentName, 0, ObpDirectoryObjectType, KernelMode, NULL,
                                     &Parent);
        if (!NT_SUCCESS(Status))
            return Status == STATUS_OBJECT_NAME_NOT_FOUND ? STATUS_OBJECT_PATH_NOT_FOUND : Status;
    }

    USHORT NameChars = (USHORT)(Len - Split);
    PWCH Copy = ExpAllocatePool(PagedPool, NameChars * sizeof(WCHAR) + sizeof(WCHAR),
                                TAG('O', 'b', 'N', 'm'), __builtin_return_address(0));
    if (!Copy) {
        ObfDereferenceObject(Parent);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    memcpy(Copy, &FullName->Buffer[Split], NameChars * sizeof(WCHAR));
    Copy[NameChars] = 0;

    pthread_rwlock_wrlock(&ObpNamespaceLock);
    POBJECT_HEADER Existing = ObpLookupEntry(Parent, Copy, NameChars);
    if (Existing) {
        Status = STATUS_OBJECT_NAME_COLLISION;
        if ((Attributes & OBJ_OPENIF) && ExistingObject) {
            if (Existing->Type == Header->Type) {
                *ExistingObject = OBJECT_HEADER_TO_OBJECT(Existing);
                ObfReferenceObject(*ExistingObject);
                Status = STATUS_OBJECT_NAME_EXISTS;
            } else {
                Status = STATUS_OBJECT_TYPE_MISMATCH;
            }
        }
        pthread_rwlock_unlock(&ObpNamespaceLock);
        ExpFreePool(Copy, 0, FALSE, NULL);
        ObfDereferenceObject(Parent);
        return Status;
    }
    Header->Name.Buffer = Copy;
    Header->Name.Length = (USHORT)(NameChars * sizeof(WCHAR));
    Header->Name.MaximumLength = (USHORT)(Header->Name.Length + sizeof(WCHAR));
    Header->Directory = Parent;
    if (Attributes & OBJ_PERMANENT)
        Header->Flags |= OB_FLAG_PERMANENT;
    ULONG Bucket = ObpHashName(Copy, NameChars);
    Header->ChainLink = ((POBJECT_DIRECTORY)Parent)->HashBuckets[Bucket];
    ((POBJECT_DIRECTORY)Parent)->HashBuckets[Bucket] = Header;
    ObfReferenceObject(Object); /* the name's reference */
    pthread_rwlock_unlock(&ObpNamespaceLock);
    /* Directories are permanent in ntio's namespace, so the parent cannot go
     * away under a child; drop the lookup reference. */
    ObfDereferenceObject(Parent);
    return STATUS_SUCCESS;
}

static void ObpAppendName(PWCHAR Buffer, ULONG BufferChars, ULONG *Pos, POBJECT_HEADER H)
{
    if (!H->Directory)
        return;
    POBJECT_HEADER Parent = OBJECT_TO_OBJECT_HEADER(H->Directory);
    ObpAppendName(Buffer, BufferChars, Pos, Parent);
    ULONG n = H->Name.Length / sizeof(WCHAR);
    if (*Pos + 1 + n < BufferChars) {
        Buffer[(*Pos)++] = L'\\';
        memcpy(&Buffer[*Pos], H->Name.Buffer, n * sizeof(WCHAR));
        *Pos += n;
    }
}

BOOLEAN ObpQueryNameString(PVOID Object, PWCHAR Buffer, ULONG BufferChars)
{
    POBJECT_HEADER H = OBJECT_TO_OBJECT_HEADER(Object);
    ULONG Pos = 0;
    BOOLEAN Named;
    pthread_rwlock_rdlock(&ObpNamespaceLock);
    Named = H->Directory != NULL;
    if (Named)
        ObpAppendName(Buffer, BufferChars, &Pos, H);
    pthread_rwlock_unlock(&ObpNamespaceLock);
    if (BufferChars)
        Buffer[Pos < BufferChars ? Pos : BufferChars - 1] = 0;
    return Named;
}

VOID ObpQueryNameUtf8(PVOID Object, char *Buffer, SIZE_T Size)
{
    WCHAR Wide[256];
    if (Object && ObpQueryNameString(Object, Wide, RTL_NUMBER_OF(Wide))) {
        SIZE_T n = RtlpUtf16ToUtf8(Buffer, Size - 1, Wide, RtlpWcslen(Wide));
        Buffer[n < Size ? n : Size - 1] = 0;
    } else {
        snprintf(Buffer, Size, "(unnamed)");
    }
}

NTSTATUS ObpCreateDirectory(PCWSTR Path, PVOID *Directory)
{
    UNICODE_STRING Name;
    PVOID Dir;
    NTSTATUS Status = ObCreateObject(ObpDirectoryObjectType, sizeof(OBJECT_DIRECTORY), &Dir);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlInitUnicodeString(&Name, Path);
    Status = ObpInsertName(Dir, &Name, OBJ_PERMANENT, NULL);
    if (Directory && NT_SUCCESS(Status))
        *Directory = Dir;
    else
        ObfDereferenceObject(Dir);
    return Status;
}

static VOID ObpDeleteSymbolicLink(PVOID Object)
{
    POBJECT_SYMBOLIC_LINK Link = Object;
    if (Link->LinkTarget.Buffer)
        ExpFreePool(Link->LinkTarget.Buffer, 0, FALSE, NULL);
}

NTSTATUS ObpCreateSymbolicLink(PUNICODE_STRING LinkName, PUNICODE_STRING Target, ULONG Flags,
                               PVOID *LinkObject)
{
    POBJECT_SYMBOLIC_LINK Link;
    NTSTATUS Status;
    if (!Target || (Target->Length & 1) || (Target->Length && !Target->Buffer))
        return STATUS_INVALID_PARAMETER;
    Status = ObCreateObject(ObpSymbolicLinkObjectType, sizeof(*Link), (PVOID *)&Link);
    if (!NT_SUCCESS(Status))
        return Status;
    Link->LinkTarget.Buffer = ExpAllocatePool(PagedPool, Target->Length + sizeof(WCHAR),
                                              TAG('O', 'b', 'S', 'l'), __builtin_return_address(0));
    if (!Link->LinkTarget.Buffer) {
        ObfDereferenceObject(Link);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    memcpy(Link->LinkTarget.Buffer, Target->Buffer, Target->Length);
    Link->LinkTarget.Buffer[Target->Length / sizeof(WCHAR)] = 0;
    Link->LinkTarget.Length = Target->Length;
    Link->LinkTarget.MaximumLength = (USHORT)(Target->Length + sizeof(WCHAR));
    Status = ObpInsertName(Link, LinkName, Flags, NULL);
    if (NT_SUCCESS(Status) && LinkObject)
        *LinkObject = Link;
    else
        ObfDereferenceObject(Link);
    return Status;
}

VOID ObpInitializeNamespace(VOID)
{
    static const OBJECT_TYPE_INITIALIZER DirInit = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                            STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT |
                                DIRECTORY_CREATE_SUBDIRECTORY,
                            STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                            DIRECTORY_ALL_ACCESS },
        .ValidAccessMask = DIRECTORY_ALL_ACCESS,
        .PoolTag = TAG('D', 'i', 'r', 'e'),
    };
    static const OBJECT_TYPE_INITIALIZER LinkInit = {
        .WaitObjectOffset = OB_NOT_WAITABLE,
        .GenericMapping = { STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY,
                            STANDARD_RIGHTS_WRITE,
                            STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY,
                            SYMBOLIC_LINK_ALL_ACCESS },
        .ValidAccessMask = SYMBOLIC_LINK_ALL_ACCESS,
        .PoolTag = TAG('S', 'y', 'm', 'b'),
        .DeleteProcedure = ObpDeleteSymbolicLink,
    };
    PVOID Root;
    UNICODE_STRING Name, Target;

    ObpDirectoryObjectType = ObpCreateObjectType(L"Directory", &DirInit);
    ObpSymbolicLinkObjectType = ObpCreateObjectType(L"SymbolicLink", &LinkInit);
    ObCreateObject(ObpDirectoryObjectType, sizeof(OBJECT_DIRECTORY), &Root);
    OBJECT_TO_OBJECT_HEADER(Root)->Flags |= OB_FLAG_PERMANENT;
    ObpRootDirectoryObject = Root;

    ObpCreateDirectory(L"\\Device", NULL);
    ObpCreateDirectory(L"\\Driver", NULL);
    ObpCreateDirectory(L"\\FileSystem", NULL);
    ObpCreateDirectory(L"\\ObjectTypes", NULL);
    ObpCreateDirectory(L"\\BaseNamedObjects", NULL);
    ObpCreateDirectory(L"\\KernelObjects", NULL);
    ObpCreateDirectory(L"\\Callback", NULL);
    ObpCreateDirectory(L"\\GLOBAL??", NULL);
    /* \?? is the caller's DosDevices directory; ntio has one session, so it
     * is the global one.  \DosDevices is the documented alias of \??. */
    RtlInitUnicodeString(&Name, L"\\??");
    RtlInitUnicodeString(&Target, L"\\GLOBAL??");
    ObpCreateSymbolicLink(&Name, &Target, OBJ_PERMANENT, NULL);
    RtlInitUnicodeString(&Name, L"\\DosDevices");
    RtlInitUnicodeString(&Target, L"\\??");
    ObpCreateSymbolicLink(&Name, &Target, OBJ_PERMANENT, NULL);
    RtlInitUnicodeString(&Name, L"\\GLOBAL??\\GLOBALROOT");
    RtlInitUnicodeString(&Target, L"");
    ObpCreateSymbolicLink(&Name, &Target, OBJ_PERMANENT, NULL);
}
