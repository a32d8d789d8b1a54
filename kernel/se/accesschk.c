/*
 * se/accesschk.c - the access check: may the caller have the access it asks
 * for to an object protected by a security descriptor?
 *
 * The order of Windows' SeAccessCheck: kernel-mode callers are not checked;
 * privileges answer for ACCESS_SYSTEM_SECURITY; the owner gets READ_CONTROL
 * and WRITE_DAC without asking the DACL; then the DACL is walked in order,
 * and the first ACE that decides a bit decides it for good - which is why a
 * deny ACE must come before the allow ACEs it overrides.
 */
#include "sep.h"

/* S-1-3-4: in an ACE, "whoever owns the object"; its presence takes away
 * the owner's implicit rights. */
static const struct {
    UCHAR Revision, SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[1];
} SepOwnerRightsSid = { SID_REVISION, 1, { { 0, 0, 0, 0, 0, 3 } }, { SECURITY_CREATOR_OWNER_RIGHTS_RID } };

/* Rights an ACE can grant or deny: ACCESS_SYSTEM_SECURITY comes only from
 * the privilege, and MAXIMUM_ALLOWED is a request, not a right. */
#define SEP_ACE_RIGHTS(Mask, Mapping) \
    (SepMapGenericMask((Mask), (Mapping)) & ~(ACCESS_MASK)(ACCESS_SYSTEM_SECURITY | MAXIMUM_ALLOWED))

static PSID SepAceSid(PACE_HEADER Ace)
{
    return (PSID)&((PACCESS_ALLOWED_ACE)Ace)->SidStart;
}

static BOOLEAN SepDaclHasOwnerRightsAce(PACL Dacl)
{
    PUCHAR Ace = (PUCHAR)(Dacl + 1);
    for (ULONG i = 0; i < Dacl->AceCount; i++) {
        PACE_HEADER Header = (PACE_HEADER)Ace;
        if (!(Header->AceFlags & INHERIT_ONLY_ACE) &&
            (Header->AceType == ACCESS_ALLOWED_ACE_TYPE || Header->AceType == ACCESS_DENIED_ACE_TYPE) &&
            SepEqualSid(SepAceSid(Header), (PSID)&SepOwnerRightsSid))
            return TRUE;
        Ace += Header->AceSize;
    }
    return FALSE;
}

/* Does this ACE speak of the caller? */
static BOOLEAN SepAceMatches(const SEP_SUBJECT *Subject, BOOLEAN IsOwner, PACE_HEADER Ace)
{
    PSID Sid = SepAceSid(Ace);
    if (SepEqualSid(Sid, (PSID)&SepOwnerRightsSid))
        return IsOwner;
    return SepSubjectHasSid(Subject, Sid);
}

NTSTATUS SepAccessCheck(PSECURITY_DESCRIPTOR Descriptor, ACCESS_MASK DesiredAccess,
                        PGENERIC_MAPPING Mapping, KPROCESSOR_MODE Mode, PACCESS_MASK Granted)
{
    ACCESS_MASK Desired = SepMapGenericMask(DesiredAccess, Mapping);
    BOOLEAN MaximumAllowed = (Desired & MAXIMUM_ALLOWED) != 0;
    ACCESS_MASK GenericAll = Mapping ? Mapping->GenericAll : GENERIC_ALL;
    ACCESS_MASK PreviouslyGranted = 0;
    BOOLEAN DaclPresent, IsOwner = FALSE;
    SEP_SUBJECT Subject;
    PACL Dacl;
    PSID Owner;

    Desired &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
    *Granted = 0;

    /* Kernel-mode requests are trusted.  An object without a descriptor has
     * no security to check (the object manager's rule). */
    if (Mode == KernelMode || Descriptor == NULL) {
        *Granted = MaximumAllowed ? (GenericAll | Desired) : Desired;
        return STATUS_SUCCESS;
    }

    /* Asking for nothing is refused: the handle would be good for nothing. */
    if (!MaximumAllowed && Desired == 0)
        return STATUS_ACCESS_DENIED;

    /* ACCESS_SYSTEM_SECURITY is granted by SeSecurityPrivilege alone, never
     * by the DACL, and no caller's token has it enabled. */
    if (Desired & ACCESS_SYSTEM_SECURITY)
        return STATUS_PRIVILEGE_NOT_HELD;

    SepCaptureSubject(&Subject);
    Dacl = SepDaclOfDescriptor(Descriptor, &DaclPresent);
    if (Dacl && !SepAclIsWellFormed(Dacl))
        return STATUS_ACCESS_DENIED; /* fail closed on a damaged DACL */

    /* The owner may always read and change the DACL (so it can never lock
     * itself out), unless an OWNER RIGHTS ACE says what owners get. */
    Owner = SepOwnerOfDescriptor(Descriptor);
    if (Owner && SepSubjectHasSid(&Subject, Owner)) {
        IsOwner = TRUE;
        if (!(Dacl && SepDaclHasOwnerRightsAce(Dacl)) &&
            (MaximumAllowed || (Desired & (READ_CONTROL | WRITE_DAC)))) {
            PreviouslyGranted |= MaximumAllowed ? (READ_CONTROL | WRITE_DAC)
                                                : (Desired & (READ_CONTROL | WRITE_DAC));
            Desired &= ~(ACCESS_MASK)(READ_CONTROL | WRITE_DAC);
            if (!MaximumAllowed && Desired == 0) {
                *Granted = PreviouslyGranted;
                return STATUS_SUCCESS;
            }
        }
    }

    /* No DACL, or a NULL one: no protection, everything is granted. */
    if (!Dacl) {
        *Granted = (MaximumAllowed ? GenericAll : 0) | Desired | PreviouslyGranted;
        return STATUS_SUCCESS;
    }

    PUCHAR Ace = (PUCHAR)(Dacl + 1);
    if (MaximumAllowed) {
        /* Every right some ACE allows before another denies it. */
        ACCESS_MASK Allowed = 0, Denied = 0;
        for (ULONG i = 0; i < Dacl->AceCount; i++, Ace += ((PACE_HEADER)Ace)->AceSize) {
            PACE_HEADER Header = (PACE_HEADER)Ace;
            if (Header->AceFlags & INHERIT_ONLY_ACE)
                continue;
            if (Header->AceType == ACCESS_ALLOWED_ACE_TYPE) {
                if (SepAceMatches(&Subject, IsOwner, Header))
                    Allowed |= SEP_ACE_RIGHTS(((PACCESS_ALLOWED_ACE)Ace)->Mask, Mapping) & ~Denied;
            } else if (Header->AceType == ACCESS_DENIED_ACE_TYPE) {
                if (SepAceMatches(&Subject, IsOwner, Header))
                    Denied |= SEP_ACE_RIGHTS(((PACCESS_DENIED_ACE)Ace)->Mask, Mapping) & ~Allowed;
            }
            /* Other ACE types (audit, object, callback) do not grant or deny here. */
        }
        /* Rights asked for by name beside MAXIMUM_ALLOWED must all be there. */
        if ((Desired & ~Allowed) != 0 || (Allowed | PreviouslyGranted) == 0)
            return STATUS_ACCESS_DENIED;
        *Granted = Allowed | PreviouslyGranted;
        return STATUS_SUCCESS;
    }

    /* Only the rights asked for: done as soon as all are allowed, refused as
     * soon as a deny ACE covers one still wanted. */
    ACCESS_MASK Remaining = Desired;
    for (ULONG i = 0; i < Dacl->AceCount && Remaining; i++, Ace += ((PACE_HEADER)Ace)->AceSize) {
        PACE_HEADER Header = (PACE_HEADER)Ace;
        if (Header->AceFlags & INHERIT_ONLY_ACE)
            continue;
        if (Header->AceType == ACCESS_ALLOWED_ACE_TYPE) {
            if (SepAceMatches(&Subject, IsOwner, Header))
                Remaining &= ~SEP_ACE_RIGHTS(((PACCESS_ALLOWED_ACE)Ace)->Mask, Mapping);
        } else if (Header->AceType == ACCESS_DENIED_ACE_TYPE) {
            if ((SEP_ACE_RIGHTS(((PACCESS_DENIED_ACE)Ace)->Mask, Mapping) & Remaining) &&
                SepAceMatches(&Subject, IsOwner, Header))
                return STATUS_ACCESS_DENIED;
        }
    }
    if (Remaining)
        return STATUS_ACCESS_DENIED;
    *Granted = Desired | PreviouslyGranted;
    return STATUS_SUCCESS;
}
