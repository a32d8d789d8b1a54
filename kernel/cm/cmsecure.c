/*
 * cm/cmsecure.c - the security of keys: the default descriptors of the
 * predefined trees, descriptors given by a creator (captured from user or
 * kernel memory, in either form), inheritance from the parent key, and the
 * access check made when a key is opened or created.
 *
 * Every descriptor the store keeps is self-relative: header, owner, group,
 * DACL (no SACL: setting one needs SeSecurityPrivilege, which no ntio
 * caller holds enabled).  Generic rights in ACEs are mapped with the key
 * mapping when a descriptor is stored, as Windows does.
 */
#include "cm.h"
#include "rtl/nls.h"
#include "sys/sys.h"

#include <stdio.h>
#include <unistd.h>

GENERIC_MAPPING CmKeyMapping = { KEY_READ, KEY_WRITE, KEY_EXECUTE, KEY_ALL_ACCESS };

typedef struct _CMP_SD_PARTS {
    SECURITY_DESCRIPTOR_CONTROL Control;
    PSID Owner;
    PSID Group;
    BOOLEAN DaclPresent;
    PACL Dacl; /* NULL with DaclPresent: a NULL DACL (everyone, everything) */
} CMP_SD_PARTS;

static const ULONG CmpAdminsSub[2] = { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS };
static const ULONG CmpSystemSub[1] = { SECURITY_LOCAL_SYSTEM_RID };

/* The parts of a self-relative descriptor (the only form stored). */
static VOID CmpSplitDescriptor(PSECURITY_DESCRIPTOR Descriptor, CMP_SD_PARTS *Parts)
{
    PISECURITY_DESCRIPTOR_RELATIVE Sd = Descriptor;
    memset(Parts, 0, sizeof *Parts);
    if (!Sd)
        return;
    Parts->Control = Sd->Control;
    Parts->Owner = Sd->Owner ? (PUCHAR)Sd + Sd->Owner : NULL;
    Parts->Group = Sd->Group ? (PUCHAR)Sd + Sd->Group : NULL;
    Parts->DaclPresent = (Sd->Control & SE_DACL_PRESENT) != 0;
    Parts->Dacl = (Parts->DaclPresent && Sd->Dacl) ? (PACL)((PUCHAR)Sd + Sd->Dacl) : NULL;
}

ULONG CmpSecurityLength(PSECURITY_DESCRIPTOR Descriptor)
{
    CMP_SD_PARTS P;
    ULONG Length = sizeof(SECURITY_DESCRIPTOR_RELATIVE);
    CmpSplitDescriptor(Descriptor, &P);
    if (P.Owner)
        Length += SepLengthSid(P.Owner);
    if (P.Group)
        Length += SepLengthSid(P.Group);
    if (P.Dacl)
        Length += P.Dacl->AclSize;
    return Length;
}

/* One self-relative descriptor from its parts (Dacl NULL with DaclPresent:
 * a NULL DACL). */
static NTSTATUS CmpBuildDescriptor(SECURITY_DESCRIPTOR_CONTROL Control, PSID Owner, PSID Group,
                                   BOOLEAN DaclPresent, PACL Dacl, PSECURITY_DESCRIPTOR *Result)
{
    ULONG Size = sizeof(SECURITY_DESCRIPTOR_RELATIVE), Pos;
    PISECURITY_DESCRIPTOR_RELATIVE Sd;

    if (Owner)
        Size += SepLengthSid(Owner);
    if (Group)
        Size += SepLengthSid(Group);
    if (DaclPresent && Dacl)
        Size += Dacl->AclSize;
    Sd = ExAllocatePoolWithTag(PagedPool, Size, CM_POOL_TAG);
    if (!Sd)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(Sd, 0, sizeof *Sd);
    Sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    Sd->Control = (SECURITY_DESCRIPTOR_CONTROL)((Control & ~(SE_SACL_PRESENT | SE_SACL_DEFAULTED |
                                                             SE_SACL_AUTO_INHERITED | SE_SACL_PROTECTED |
                                                             SE_DACL_PRESENT)) |
                                                SE_SELF_RELATIVE | (DaclPresent ? SE_DACL_PRESENT : 0));
    Pos = sizeof *Sd;
    if (Owner) {
        Sd->Owner = Pos;
        memcpy((PUCHAR)Sd + Pos, Owner, SepLengthSid(Owner));
        Pos += SepLengthSid(Owner);
    }
    if (Group) {
        Sd->Group = Pos;
        memcpy((PUCHAR)Sd + Pos, Group, SepLengthSid(Group));
        Pos += SepLengthSid(Group);
    }
    if (DaclPresent && Dacl) {
        Sd->Dacl = Pos;
        memcpy((PUCHAR)Sd + Pos, Dacl, Dacl->AclSize);
    }
    *Result = Sd;
    return STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ identity */

static ULONG CmpCurrentUserRid(VOID)
{
    return 1000u + (ULONG)geteuid();
}

/* S-1-5-18 for root, S-1-5-21-0-0-0-<1000+uid> otherwise. */
static VOID CmpCurrentUserSid(PSEP_SID_BUFFER Sid)
{
    if (geteuid() == 0) {
        SepInitializeSid(&Sid->Sid, 5, 1, CmpSystemSub);
    } else {
        ULONG Sub[5] = { 21, 0, 0, 0, CmpCurrentUserRid() };
        SepInitializeSid(&Sid->Sid, 5, 5, Sub);
    }
}

VOID CmpCurrentUserSidString(PWCHAR Buffer, ULONG Chars)
{
    char Narrow[64];
    SIZE_T n;
    if (geteuid() == 0)
        snprintf(Narrow, sizeof Narrow, "S-1-5-18");
    else
        snprintf(Narrow, sizeof Narrow, "S-1-5-21-0-0-0-%u", (unsigned)CmpCurrentUserRid());
    n = RtlpUtf8ToUtf16(Buffer, Chars - 1, Narrow, strlen(Narrow));
    Buffer[n < Chars ? n : Chars - 1] = 0;
}

/* The owner of what the caller creates: Administrators for its members,
 * SYSTEM for root, else the user (a token's default owner). */
static VOID CmpCreatorOwner(PSEP_SID_BUFFER Sid)
{
    SEP_SUBJECT Subject;
    SEP_SID_BUFFER Candidate;
    SepCaptureSubject(&Subject);
    SepInitializeSid(&Candidate.Sid, 5, 2, CmpAdminsSub);
    if (SepSubjectHasSid(&Subject, &Candidate.Sid)) {
        *Sid = Candidate;
        return;
    }
    SepInitializeSid(&Candidate.Sid, 5, 1, CmpSystemSub);
    if (SepSubjectHasSid(&Subject, &Candidate.Sid)) {
        *Sid = Candidate;
        return;
    }
    CmpCurrentUserSid(Sid);
}

/* ------------------------------------------------------------ defaults */

NTSTATUS CmpDefaultSecurity(CMP_DEFAULT_SD Which, PSECURITY_DESCRIPTOR *Descriptor)
{
    char Sddl[256];
    WCHAR Wide[256], Sid[64];
    char SidNarrow[64];
    UNICODE_STRING String;
    PSECURITY_DESCRIPTOR Parsed;
    NTSTATUS Status;
    SIZE_T n;

    switch (Which) {
    case CmpSdMachine:
        snprintf(Sddl, sizeof Sddl, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)");
        break;
    case CmpSdUserRoot:
        snprintf(Sddl, sizeof Sddl, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;;KR;;;WD)");
        break;
    case CmpSdDefaultUser:
        snprintf(Sddl, sizeof Sddl, "O:SYG:SYD:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)");
        break;
    case CmpSdUserHive:
    default:
        CmpCurrentUserSidString(Sid, RTL_NUMBER_OF(Sid));
        n = RtlpUtf16ToUtf8(SidNarrow, sizeof SidNarrow - 1, Sid, RtlpWcslen(Sid));
        SidNarrow[n < sizeof SidNarrow ? n : sizeof SidNarrow - 1] = 0;
        snprintf(Sddl, sizeof Sddl, "O:%sG:%sD:P(A;CI;KA;;;%s)(A;CI;KA;;;SY)(A;CI;KA;;;BA)", SidNarrow,
                 SidNarrow, SidNarrow);
        break;
    }
    n = RtlpUtf8ToUtf16(Wide, RTL_NUMBER_OF(Wide), Sddl, strlen(Sddl));
    String.Buffer = Wide;
    String.Length = String.MaximumLength = (USHORT)(n * sizeof(WCHAR));
    Status = SepSddlToSecurityDescriptor(&String, &Parsed);
    if (!NT_SUCCESS(Status))
        return Status;
    /* Into a block of our own tag, with generics mapped. */
    CMP_SD_PARTS P;
    CmpSplitDescriptor(Parsed, &P);
    Status = CmpBuildDescriptor(P.Control & ~SE_DACL_DEFAULTED, P.Owner, P.Group, P.DaclPresent, P.Dacl,
                                Descriptor);
    SepFreeSecurityDescriptor(Parsed);
    if (NT_SUCCESS(Status))
        SepMapDescriptorGenerics(*Descriptor, &CmKeyMapping);
    return Status;
}

/* ------------------------------------------------------------ capture */

static NTSTATUS CmpCaptureSid(KPROCESSOR_MODE Mode, PVOID At, PSEP_SID_BUFFER Sid)
{
    if (!SvcCopyIn(Mode, Sid, At, FIELD_OFFSET(SID, SubAuthority)))
        return STATUS_ACCESS_VIOLATION;
    if (Sid->Sid.Revision != SID_REVISION || Sid->Sid.SubAuthorityCount > SID_MAX_SUB_AUTHORITIES)
        return STATUS_INVALID_SID;
    if (!SvcCopyIn(Mode, Sid, At, SepLengthSid(&Sid->Sid)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

static NTSTATUS CmpCaptureAcl(KPROCESSOR_MODE Mode, PVOID At, PACL *Acl)
{
    ACL Header;
    PACL Copy;
    if (!SvcCopyIn(Mode, &Header, At, sizeof Header))
        return STATUS_ACCESS_VIOLATION;
    if (Header.AclRevision < MIN_ACL_REVISION || Header.AclRevision > MAX_ACL_REVISION ||
        Header.AclSize < sizeof(ACL) || (Header.AclSize & 3))
        return STATUS_INVALID_ACL;
    Copy = ExAllocatePoolWithTag(PagedPool, Header.AclSize, CM_POOL_TAG);
    if (!Copy)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (!SvcCopyIn(Mode, Copy, At, Header.AclSize)) {
        ExFreePoolWithTag(Copy, CM_POOL_TAG);
        return STATUS_ACCESS_VIOLATION;
    }
    if (!SepAclIsWellFormed(Copy)) {
        ExFreePoolWithTag(Copy, CM_POOL_TAG);
        return STATUS_INVALID_ACL;
    }
    *Acl = Copy;
    return STATUS_SUCCESS;
}

NTSTATUS CmpCaptureSecurityDescriptor(KPROCESSOR_MODE Mode, PVOID Input, PSECURITY_DESCRIPTOR *Captured)
{
    SECURITY_DESCRIPTOR_RELATIVE Head;
    PVOID OwnerAt = NULL, GroupAt = NULL, DaclAt = NULL;
    SEP_SID_BUFFER Owner, Group;
    PACL Dacl = NULL;
    NTSTATUS Status;

    *Captured = NULL;
    if (!SvcCopyIn(Mode, &Head, Input, FIELD_OFFSET(SECURITY_DESCRIPTOR_RELATIVE, Owner)))
        return STATUS_ACCESS_VIOLATION;
    if (Head.Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_UNKNOWN_REVISION;
    if (Head.Control & SE_SELF_RELATIVE) {
        if (!SvcCopyIn(Mode, &Head, Input, sizeof Head))
            return STATUS_ACCESS_VIOLATION;
        /* Offsets past the 64K a descriptor may span are malformed. */
        if (Head.Owner > 0xFFFF || Head.Group > 0xFFFF || Head.Dacl > 0xFFFF)
            return STATUS_INVALID_SECURITY_DESCR;
        OwnerAt = Head.Owner ? (PUCHAR)Input + Head.Owner : NULL;
        GroupAt = Head.Group ? (PUCHAR)Input + Head.Group : NULL;
        DaclAt = Head.Dacl ? (PUCHAR)Input + Head.Dacl : NULL;
    } else {
        SECURITY_DESCRIPTOR Abs;
        if (!SvcCopyIn(Mode, &Abs, Input, sizeof Abs))
            return STATUS_ACCESS_VIOLATION;
        OwnerAt = Abs.Owner;
        GroupAt = Abs.Group;
        DaclAt = Abs.Dacl;
    }
    if (!(Head.Control & SE_DACL_PRESENT))
        DaclAt = NULL;
    if (OwnerAt && !NT_SUCCESS(Status = CmpCaptureSid(Mode, OwnerAt, &Owner)))
        return Status;
    if (GroupAt && !NT_SUCCESS(Status = CmpCaptureSid(Mode, GroupAt, &Group)))
        return Status;
    if (DaclAt && !NT_SUCCESS(Status = CmpCaptureAcl(Mode, DaclAt, &Dacl)))
        return Status;
    Status = CmpBuildDescriptor(Head.Control, OwnerAt ? &Owner.Sid : NULL, GroupAt ? &Group.Sid : NULL,
                                (Head.Control & SE_DACL_PRESENT) != 0, Dacl, Captured);
    if (Dacl)
        ExFreePoolWithTag(Dacl, CM_POOL_TAG);
    return Status;
}

/* ----------------------------------------------------------- inheritance */

static BOOLEAN CmpIsCreatorSid(PSID Sid, ULONG Rid)
{
    PISID S = Sid;
    static const UCHAR Creator[6] = { 0, 0, 0, 0, 0, 3 };
    return S->SubAuthorityCount == 1 && !memcmp(S->IdentifierAuthority.Value, Creator, 6) &&
           ((PULONG)((PUCHAR)S + FIELD_OFFSET(SID, SubAuthority)))[0] == Rid;
}

/* Append one simple ACE to Out (NULL: only count). */
static VOID CmpEmitAce(PUCHAR Out, ULONG *Pos, ULONG *Count, UCHAR Type, UCHAR Flags, ACCESS_MASK Mask,
                       PSID Sid)
{
    ULONG SidLength = SepLengthSid(Sid);
    ULONG Size = FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart) + SidLength;
    Size = (Size + 3) & ~3u;
    if (Out) {
        PACCESS_ALLOWED_ACE Ace = (PACCESS_ALLOWED_ACE)(Out + *Pos);
        memset(Ace, 0, Size);
        Ace->Header.AceType = Type;
        Ace->Header.AceFlags = Flags;
        Ace->Header.AceSize = (USHORT)Size;
        Ace->Mask = Mask;
        memcpy(&Ace->SidStart, Sid, SidLength);
    }
    *Pos += Size;
    (*Count)++;
}

/*
 * The ACEs a new key gets: the explicit ones (Explicit, may be NULL), then
 * those the parent's DACL passes on to a child container
 * (CONTAINER_INHERIT), marked INHERITED: NO_PROPAGATE makes the copy
 * effective only, INHERIT_ONLY is dropped (the ACE applies here), and
 * CREATOR OWNER / CREATOR GROUP become the new key's owner / group with an
 * inherit-only copy kept for the keys below.  Out NULL: sizes only.
 */
static VOID CmpComposeAces(PACL Explicit, PACL Parent, PSID Owner, PSID Group, PUCHAR Out, ULONG *Pos,
                           ULONG *Count)
{
    if (Explicit) {
        PUCHAR Ace = (PUCHAR)(Explicit + 1);
        for (ULONG i = 0; i < Explicit->AceCount; i++) {
            PACE_HEADER H = (PACE_HEADER)Ace;
            if (Out)
                memcpy(Out + *Pos, Ace, H->AceSize);
            *Pos += H->AceSize;
            (*Count)++;
            Ace += H->AceSize;
        }
    }
    if (!Parent)
        return;
    PUCHAR Ace = (PUCHAR)(Parent + 1);
    for (ULONG i = 0; i < Parent->AceCount; i++, Ace += ((PACE_HEADER)Ace)->AceSize) {
        PACE_HEADER H = (PACE_HEADER)Ace;
        PACCESS_ALLOWED_ACE Simple = (PACCESS_ALLOWED_ACE)Ace;
        PSID Sid = (PSID)&Simple->SidStart;
        UCHAR Flags = H->AceFlags;
        if (!(Flags & CONTAINER_INHERIT_ACE) || !SepIsSimpleAce(H->AceType))
            continue;
        BOOLEAN Propagate = !(Flags & NO_PROPAGATE_INHERIT_ACE);
        ACCESS_MASK Mapped = SepMapGenericMask(Simple->Mask, &CmKeyMapping);
        UCHAR Keep = (UCHAR)(Flags & ~(VALID_INHERIT_FLAGS));
        if (CmpIsCreatorSid(Sid, SECURITY_CREATOR_OWNER_RID) || CmpIsCreatorSid(Sid, SECURITY_CREATOR_GROUP_RID)) {
            PSID Who = CmpIsCreatorSid(Sid, SECURITY_CREATOR_OWNER_RID) ? Owner : Group;
            if (Who)
                CmpEmitAce(Out, Pos, Count, H->AceType, (UCHAR)(Keep | INHERITED_ACE), Mapped, Who);
            if (Propagate)
                CmpEmitAce(Out, Pos, Count, H->AceType,
                           (UCHAR)(Keep | INHERITED_ACE | INHERIT_ONLY_ACE |
                                   (Flags & (CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE))),
                           Simple->Mask, Sid);
            continue;
        }
        UCHAR NewFlags = (UCHAR)(Keep | INHERITED_ACE);
        if (Propagate)
            NewFlags |= (UCHAR)(Flags & (CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE));
        CmpEmitAce(Out, Pos, Count, H->AceType, NewFlags, Mapped, Sid);
    }
}

NTSTATUS CmpAssignSecurity(PSECURITY_DESCRIPTOR Parent, PSECURITY_DESCRIPTOR Explicit,
                           PSECURITY_DESCRIPTOR *Result)
{
    CMP_SD_PARTS P, E;
    SEP_SID_BUFFER Creator;
    PSID Owner, Group;
    PACL ExplicitDacl = NULL, InheritFrom = NULL, Dacl;
    BOOLEAN NullDacl = FALSE;
    SECURITY_DESCRIPTOR_CONTROL Control = 0;
    ULONG Size = 0, Count = 0;
    NTSTATUS Status;

    CmpSplitDescriptor(Parent, &P);
    CmpSplitDescriptor(Explicit, &E);
    if (E.Owner) {
        Owner = E.Owner;
    } else {
        CmpCreatorOwner(&Creator);
        Owner = &Creator.Sid;
    }
    Group = E.Group ? E.Group : P.Group;

    if (Explicit && E.DaclPresent) {
        if (!E.Dacl)
            NullDacl = TRUE; /* a NULL DACL, as given */
        ExplicitDacl = E.Dacl;
        Control = E.Control & SE_DACL_PROTECTED;
        if (!(E.Control & SE_DACL_PROTECTED))
            InheritFrom = P.Dacl;
    } else if (P.DaclPresent && !P.Dacl) {
        NullDacl = TRUE; /* below a NULL DACL, nothing is inherited but openness */
    } else {
        InheritFrom = P.Dacl;
    }
    if (NullDacl)
        return CmpBuildDescriptor(Control, Owner, Group, TRUE, NULL, Result);

    CmpComposeAces(ExplicitDacl, InheritFrom, Owner, Group, NULL, &Size, &Count);
    if (Count == 0 && !ExplicitDacl) {
        /* Nothing to inherit and nothing given: a token's default DACL,
         * SYSTEM and the owner. */
        SEP_SID_BUFFER System;
        SepInitializeSid(&System.Sid, 5, 1, CmpSystemSub);
        Size = 0;
        Count = 0;
        CmpEmitAce(NULL, &Size, &Count, ACCESS_ALLOWED_ACE_TYPE, 0, KEY_ALL_ACCESS, &System.Sid);
        CmpEmitAce(NULL, &Size, &Count, ACCESS_ALLOWED_ACE_TYPE, 0, KEY_ALL_ACCESS, Owner);
        if (sizeof(ACL) + Size > 0xFFFF)
            return STATUS_INVALID_ACL;
        Dacl = ExAllocatePoolWithTag(PagedPool, sizeof(ACL) + Size, CM_POOL_TAG);
        if (!Dacl)
            return STATUS_INSUFFICIENT_RESOURCES;
        ULONG Pos = 0, N = 0;
        CmpEmitAce((PUCHAR)(Dacl + 1), &Pos, &N, ACCESS_ALLOWED_ACE_TYPE, 0, KEY_ALL_ACCESS, &System.Sid);
        CmpEmitAce((PUCHAR)(Dacl + 1), &Pos, &N, ACCESS_ALLOWED_ACE_TYPE, 0, KEY_ALL_ACCESS, Owner);
    } else {
        if (sizeof(ACL) + Size > 0xFFFF)
            return STATUS_INVALID_ACL;
        Dacl = ExAllocatePoolWithTag(PagedPool, sizeof(ACL) + Size, CM_POOL_TAG);
        if (!Dacl)
            return STATUS_INSUFFICIENT_RESOURCES;
        ULONG Pos = 0, N = 0;
        CmpComposeAces(ExplicitDacl, InheritFrom, Owner, Group, (PUCHAR)(Dacl + 1), &Pos, &N);
    }
    Dacl->AclRevision = ACL_REVISION;
    Dacl->Sbz1 = 0;
    Dacl->AclSize = (USHORT)(sizeof(ACL) + Size);
    Dacl->AceCount = (USHORT)Count;
    Dacl->Sbz2 = 0;
    if (InheritFrom)
        Control |= SE_DACL_AUTO_INHERITED;
    Status = CmpBuildDescriptor(Control, Owner, Group, TRUE, Dacl, Result);
    ExFreePoolWithTag(Dacl, CM_POOL_TAG);
    if (NT_SUCCESS(Status))
        SepMapDescriptorGenerics(*Result, &CmKeyMapping);
    return Status;
}

/* ------------------------------------------------------------ the check */

NTSTATUS CmpAccessCheck(PSECURITY_DESCRIPTOR Descriptor, ACCESS_MASK DesiredAccess,
                        KPROCESSOR_MODE Mode, ULONG Attributes, PACCESS_MASK Granted)
{
    KPROCESSOR_MODE CheckAs = (Mode == UserMode || (Attributes & OBJ_FORCE_ACCESS_CHECK)) ? UserMode
                                                                                          : KernelMode;
    /* The WOW64 view bits select a registry view, they are not rights. */
    DesiredAccess &= ~(ACCESS_MASK)KEY_WOW64_RES;
    return SepAccessCheck(Descriptor, DesiredAccess, &CmKeyMapping, CheckAs, Granted);
}
