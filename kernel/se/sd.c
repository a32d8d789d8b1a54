/*
 * se/sd.c - SIDs and security descriptors: length and comparison of SIDs,
 * the parts of a descriptor in either of its forms, the shape of an ACL,
 * and the mapping of generic rights.
 */
#include "sep.h"

ULONG SepLengthSid(PSID Sid)
{
    return (ULONG)SECURITY_SID_SIZE(((PISID)Sid)->SubAuthorityCount);
}

BOOLEAN SepEqualSid(PSID Sid1, PSID Sid2)
{
    PISID A = Sid1, B = Sid2;
    /* The header bytes first: they give the length to compare. */
    if (A->Revision != B->Revision || A->SubAuthorityCount != B->SubAuthorityCount)
        return FALSE;
    return memcmp(A, B, SepLengthSid(A)) == 0;
}

VOID SepInitializeSid(PSID Sid, ULONGLONG Authority, UCHAR Count, const ULONG *Sub)
{
    PISID S = Sid;
    S->Revision = SID_REVISION;
    S->SubAuthorityCount = Count;
    /* The 48-bit authority is stored big-endian. */
    for (int i = 5; i >= 0; i--, Authority >>= 8)
        S->IdentifierAuthority.Value[i] = (UCHAR)Authority;
    /* Through the byte address: SubAuthority is declared with one element. */
    memcpy((PUCHAR)Sid + FIELD_OFFSET(SID, SubAuthority), Sub, Count * sizeof(ULONG));
}

static SECURITY_DESCRIPTOR_CONTROL SepControlOf(PSECURITY_DESCRIPTOR Descriptor)
{
    return ((PISECURITY_DESCRIPTOR)Descriptor)->Control;
}

/* One part, by offset or by pointer depending on the form.  Only the
 * field of the descriptor's own form is read: a self-relative block is
 * shorter than an absolute descriptor. */
#define SEP_PART_OF(Descriptor, Field)                                                           \
    ((SepControlOf(Descriptor) & SE_SELF_RELATIVE)                                               \
         ? (((PISECURITY_DESCRIPTOR_RELATIVE)(Descriptor))->Field                                \
                ? (PVOID)((PUCHAR)(Descriptor) + ((PISECURITY_DESCRIPTOR_RELATIVE)(Descriptor))->Field) \
                : NULL)                                                                          \
         : (PVOID)((PISECURITY_DESCRIPTOR)(Descriptor))->Field)

PSID SepOwnerOfDescriptor(PSECURITY_DESCRIPTOR Descriptor)
{
    return SEP_PART_OF(Descriptor, Owner);
}

PACL SepDaclOfDescriptor(PSECURITY_DESCRIPTOR Descriptor, PBOOLEAN DaclPresent)
{
    *DaclPresent = (SepControlOf(Descriptor) & SE_DACL_PRESENT) != 0;
    if (!*DaclPresent)
        return NULL;
    return SEP_PART_OF(Descriptor, Dacl);
}

VOID SepFreeSecurityDescriptor(PSECURITY_DESCRIPTOR Descriptor)
{
    if (Descriptor)
        ExFreePoolWithTag(Descriptor, SEP_DESCRIPTOR_TAG);
}

ACCESS_MASK SepMapGenericMask(ACCESS_MASK Access, const GENERIC_MAPPING *Mapping)
{
    if (!Mapping)
        return Access;
    if (Access & GENERIC_READ)
        Access |= Mapping->GenericRead;
    if (Access & GENERIC_WRITE)
        Access |= Mapping->GenericWrite;
    if (Access & GENERIC_EXECUTE)
        Access |= Mapping->GenericExecute;
    if (Access & GENERIC_ALL)
        Access |= Mapping->GenericAll;
    return Access & ~(ACCESS_MASK)(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

BOOLEAN SepIsSimpleAce(UCHAR AceType)
{
    return AceType == ACCESS_ALLOWED_ACE_TYPE || AceType == ACCESS_DENIED_ACE_TYPE ||
           AceType == SYSTEM_AUDIT_ACE_TYPE || AceType == SYSTEM_ALARM_ACE_TYPE ||
           AceType == SYSTEM_MANDATORY_LABEL_ACE_TYPE;
}

BOOLEAN SepAclIsWellFormed(PACL Acl)
{
    PUCHAR End, Ace;

    if (Acl->AclRevision < MIN_ACL_REVISION || Acl->AclRevision > MAX_ACL_REVISION ||
        Acl->AclSize < sizeof(ACL))
        return FALSE;
    End = (PUCHAR)Acl + Acl->AclSize;
    Ace = (PUCHAR)(Acl + 1);
    for (ULONG i = 0; i < Acl->AceCount; i++) {
        PACE_HEADER Header = (PACE_HEADER)Ace;
        if ((SIZE_T)(End - Ace) < sizeof(ACE_HEADER) || Header->AceSize < sizeof(ACE_HEADER) ||
            Header->AceSize > (SIZE_T)(End - Ace))
            return FALSE;
        if (SepIsSimpleAce(Header->AceType)) {
            /* Mask, then a SID that must fit in what is left of the ACE. */
            const ULONG SidAt = FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart);
            PISID Sid = (PISID)(Ace + SidAt);
            if (Header->AceSize < SidAt + FIELD_OFFSET(SID, SubAuthority) ||
                Sid->SubAuthorityCount > SID_MAX_SUB_AUTHORITIES ||
                SECURITY_SID_SIZE(Sid->SubAuthorityCount) > (SIZE_T)Header->AceSize - SidAt)
                return FALSE;
        }
        Ace += Header->AceSize;
    }
    return TRUE;
}

VOID SepMapDescriptorGenerics(PSECURITY_DESCRIPTOR Descriptor, const GENERIC_MAPPING *Mapping)
{
    BOOLEAN Present;
    PACL Dacl = SepDaclOfDescriptor(Descriptor, &Present);
    PUCHAR Ace;

    if (!Dacl || !SepAclIsWellFormed(Dacl))
        return;
    Ace = (PUCHAR)(Dacl + 1);
    for (ULONG i = 0; i < Dacl->AceCount; i++) {
        PACE_HEADER Header = (PACE_HEADER)Ace;
        if (SepIsSimpleAce(Header->AceType)) {
            PACCESS_ALLOWED_ACE Simple = (PACCESS_ALLOWED_ACE)Ace;
            Simple->Mask = SepMapGenericMask(Simple->Mask, Mapping);
        }
        Ace += Header->AceSize;
    }
}

/* A SID at Offset of a Length-byte self-relative descriptor lies inside it. */
static BOOLEAN SepRelativeSidFits(const UCHAR *Base, ULONG Length, ULONG Offset)
{
    if (Offset % 4 || Offset > Length || Length - Offset < FIELD_OFFSET(SID, SubAuthority))
        return FALSE;
    const SID *Sid = (const SID *)(Base + Offset);
    return Sid->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES &&
           SECURITY_SID_SIZE(Sid->SubAuthorityCount) <= Length - Offset;
}

static BOOLEAN SepRelativeAclFits(const UCHAR *Base, ULONG Length, ULONG Offset)
{
    if (Offset % 4 || Offset > Length || Length - Offset < sizeof(ACL))
        return FALSE;
    PACL Acl = (PACL)(Base + Offset);
    return Acl->AclSize <= Length - Offset && SepAclIsWellFormed(Acl);
}

BOOLEAN SepValidRelativeDescriptor(const VOID *Descriptor, ULONG Length)
{
    const SECURITY_DESCRIPTOR_RELATIVE *Sd = Descriptor;
    const UCHAR *Base = Descriptor;
    if (Length < sizeof *Sd || Sd->Revision != SECURITY_DESCRIPTOR_REVISION ||
        !(Sd->Control & SE_SELF_RELATIVE))
        return FALSE;
    if (Sd->Owner && !SepRelativeSidFits(Base, Length, Sd->Owner))
        return FALSE;
    if (Sd->Group && !SepRelativeSidFits(Base, Length, Sd->Group))
        return FALSE;
    if ((Sd->Control & SE_DACL_PRESENT) && Sd->Dacl && !SepRelativeAclFits(Base, Length, Sd->Dacl))
        return FALSE;
    if ((Sd->Control & SE_SACL_PRESENT) && Sd->Sacl && !SepRelativeAclFits(Base, Length, Sd->Sacl))
        return FALSE;
    return TRUE;
}
