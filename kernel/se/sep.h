/*
 * se/sep.h - the security reference monitor's private interface: security
 * descriptors built from SDDL, the caller's identity, and the access check
 * the I/O manager makes when a device is opened.
 *
 * Descriptors use Windows' layouts (include/ntio/security.h).  Those made
 * here are self-relative, in paged pool with tag 'SeSd'.
 */
#ifndef NTIO_SEP_H
#define NTIO_SEP_H

#include <wdm.h>
#include <ntio/security.h>

/* ---------------------------------------------------------- for the I/O manager */

/* Parse an SDDL string into a self-relative security descriptor allocated
 * from paged pool (tag 'SeSd'), to be freed with SepFreeSecurityDescriptor.
 * The subset device objects use (see sddl.c): O:, G:, D: with flags P, AI,
 * AR or NO_ACCESS_CONTROL, ACEs of type A or D.  Returns, as the kernel's
 * SDDL parser behind IoCreateDeviceSecure does:
 *   STATUS_INVALID_PARAMETER  a malformed string (unknown token, bad
 *                             separator, trailing junk, no DACL);
 *   STATUS_NONE_MAPPED        a SID string that is neither a known alias nor
 *                             a valid S-1-... literal;
 *   STATUS_INVALID_ACL        an ACE not closed by ')' after its SID;
 *   STATUS_INSUFFICIENT_RESOURCES.
 * Each malformed string is DbgPrint'ed with the offending token and its
 * offset.  PASSIVE_LEVEL or APC_LEVEL (paged pool). */
NTSTATUS SepSddlToSecurityDescriptor(PCUNICODE_STRING Sddl, PSECURITY_DESCRIPTOR *Descriptor);

/* Free a descriptor made by SepSddlToSecurityDescriptor (NULL is ignored,
 * so a device without one can be passed as is). */
VOID SepFreeSecurityDescriptor(PSECURITY_DESCRIPTOR Descriptor);

/* Can the current caller (its Linux identity mapped to SIDs, token.c) have
 * DesiredAccess to an object protected by Descriptor?  Generic rights, in
 * DesiredAccess and in the ACEs, are mapped with Mapping (the file object
 * type's mapping for devices).  Windows' SeAccessCheck:
 *   - Mode == KernelMode, or Descriptor == NULL (an object without
 *     security): everything asked is granted, Mapping->GenericAll for
 *     MAXIMUM_ALLOWED, nothing for nothing;
 *   - otherwise, nothing asked (0 after mapping, no MAXIMUM_ALLOWED) is
 *     denied;
 *   - ACCESS_SYSTEM_SECURITY: STATUS_PRIVILEGE_NOT_HELD (SeSecurityPrivilege
 *     is held disabled, as in every default Windows token);
 *   - the owner is implicitly granted READ_CONTROL and WRITE_DAC, unless the
 *     DACL has an OWNER RIGHTS (S-1-3-4) ACE;
 *   - a NULL DACL, or none (SE_DACL_PRESENT clear), grants everything
 *     asked; a damaged one nothing;
 *   - the DACL is walked in order, INHERIT_ONLY ACEs skipped: a deny ACE
 *     for one of the caller's SIDs that covers a still-wanted bit denies;
 *     allow ACEs accumulate; an empty DACL grants nothing.  MAXIMUM_ALLOWED
 *     collects every bit allowed before being denied, and is denied if that
 *     is nothing or misses an explicitly requested bit.
 * Returns STATUS_SUCCESS with *Granted (the rights granted, mapped), or
 * STATUS_ACCESS_DENIED / STATUS_PRIVILEGE_NOT_HELD with *Granted = 0. */
NTSTATUS SepAccessCheck(PSECURITY_DESCRIPTOR Descriptor, ACCESS_MASK DesiredAccess,
                        PGENERIC_MAPPING Mapping, KPROCESSOR_MODE Mode, PACCESS_MASK Granted);

/* ---------------------------------------------------------------- identity */

/* The SIDs a caller's token holds (token.c).  Effective uid 0 is
 * NT AUTHORITY\SYSTEM, member of BUILTIN\Administrators, Everyone and
 * Authenticated Users; any other uid is an interactive member of
 * BUILTIN\Users, Everyone and Authenticated Users. */
#define SEP_MAX_TOKEN_SIDS 6
typedef struct _SEP_SUBJECT {
    ULONG SidCount;
    PSID Sids[SEP_MAX_TOKEN_SIDS];   /* point at static well-known SIDs */
} SEP_SUBJECT, *PSEP_SUBJECT;

VOID SepCaptureSubject(PSEP_SUBJECT Subject);
BOOLEAN SepSubjectHasSid(const SEP_SUBJECT *Subject, PSID Sid);

/* TEST ONLY: the test suite runs as root, so these let a test be an
 * ordinary user (Root = FALSE) or root whatever its real uid, until
 * SepResetTestIdentity returns to the real identity.  Process-wide. */
VOID SepSetTestIdentity(BOOLEAN Root);
VOID SepResetTestIdentity(VOID);

/* ----------------------------------------------- SIDs and descriptors (sd.c) */

/* A buffer big enough for any SID. */
typedef union _SEP_SID_BUFFER {
    SID Sid;
    UCHAR Bytes[SECURITY_MAX_SID_SIZE];
} SEP_SID_BUFFER, *PSEP_SID_BUFFER;

ULONG SepLengthSid(PSID Sid);
BOOLEAN SepEqualSid(PSID Sid1, PSID Sid2);
/* Build the SID S-1-Authority-Sub[0]-...-Sub[Count-1] (Authority < 2^48). */
VOID SepInitializeSid(PSID Sid, ULONGLONG Authority, UCHAR Count, const ULONG *Sub);

/* Parts of a descriptor in either form; NULL when absent.  DaclPresent
 * tells a NULL DACL (present, no ACL) from no DACL. */
PSID SepOwnerOfDescriptor(PSECURITY_DESCRIPTOR Descriptor);
PACL SepDaclOfDescriptor(PSECURITY_DESCRIPTOR Descriptor, PBOOLEAN DaclPresent);

/* Simple ACEs: header, mask, SID (allowed, denied, audit, alarm, label). */
BOOLEAN SepIsSimpleAce(UCHAR AceType);
/* The ACL's revision, size and every ACE (and simple ACE's SID) lie within
 * AclSize: what must hold before its ACEs are walked. */
BOOLEAN SepAclIsWellFormed(PACL Acl);
/* A self-relative descriptor of Length bytes read from storage: every
 * offset, SID and ACL lies inside it and is well formed. */
BOOLEAN SepValidRelativeDescriptor(const VOID *Descriptor, ULONG Length);

/* Map generic rights in Access (RtlMapGenericMask); a NULL Mapping leaves
 * Access as it is. */
ACCESS_MASK SepMapGenericMask(ACCESS_MASK Access, const GENERIC_MAPPING *Mapping);
/* Map the generic rights of every ACE in the descriptor's DACL in place, as
 * Windows does when it stores a descriptor on an object. */
VOID SepMapDescriptorGenerics(PSECURITY_DESCRIPTOR Descriptor, const GENERIC_MAPPING *Mapping);

/* Pool tag of descriptors made here: "SeSd" as !poolused shows it. */
#define SEP_DESCRIPTOR_TAG ((ULONG)'S' | ((ULONG)'e' << 8) | ((ULONG)'S' << 16) | ((ULONG)'d' << 24))

#endif /* NTIO_SEP_H */
