/*
 * se/token.c - who the caller is: the Linux identity of the process that
 * called the system service, seen as the SIDs a Windows token would hold.
 *
 * ntio has no logon sessions or token objects; the effective uid decides:
 *   uid 0     NT AUTHORITY\SYSTEM (S-1-5-18), with BUILTIN\Administrators
 *             (S-1-5-32-544), Everyone (S-1-1-0), Authenticated Users
 *             (S-1-5-11) - what a service running as LocalSystem holds;
 *   other     the user's SID (S-1-5-21-0-0-0-<1000+uid>),
 *             BUILTIN\Users (S-1-5-32-545), Everyone, Authenticated Users,
 *             INTERACTIVE (S-1-5-4) - a standard user at the console;
 *             and BUILTIN\Administrators as well when the user owns the
 *             ntio prefix: the prefix is that user's machine (its registry,
 *             its services, its drive C:), which they administer, as a Wine
 *             prefix's owner does.  Installing a service needs that.
 * Privileges: none enabled, as in Windows' default tokens (SeSecurity and
 * SeTakeOwnership are held disabled even by SYSTEM), and there is no
 * NtAdjustPrivilegesToken yet to enable them.
 *
 * In the embedded model the caller is this process.  (When the host model
 * serves other processes, the uid to use is the client's, not ntiod's.)
 */
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sep.h"
#include "ex/ex.h"

/* A SID with room for two sub-authorities: the well-known ones below.
 * Its first fields are laid out as SID's, so a pointer to it is a PSID. */
typedef struct _SEP_SID2 {
    UCHAR Revision;
    UCHAR SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[2];
} SEP_SID2;

#define SEP_SID(Authority, Count, ...) \
    { SID_REVISION, (Count), { { 0, 0, 0, 0, 0, (Authority) } }, { __VA_ARGS__ } }

static const SEP_SID2 SepLocalSystemSid = SEP_SID(5, 1, SECURITY_LOCAL_SYSTEM_RID);
static const SEP_SID2 SepAliasAdminsSid =
    SEP_SID(5, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS);
static const SEP_SID2 SepAliasUsersSid =
    SEP_SID(5, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS);
static const SEP_SID2 SepWorldSid = SEP_SID(1, 1, SECURITY_WORLD_RID);
static const SEP_SID2 SepAuthenticatedUsersSid = SEP_SID(5, 1, SECURITY_AUTHENTICATED_USER_RID);
static const SEP_SID2 SepInteractiveSid = SEP_SID(5, 1, SECURITY_INTERACTIVE_RID);

/* Test override: -1 = the real identity, 0 = a standard user, 1 = root.
 * Atomic: read by every access check, written by tests only. */
static LONG SepTestIdentity = -1;

VOID SepSetTestIdentity(BOOLEAN Root)
{
    __atomic_store_n(&SepTestIdentity, Root ? 1 : 0, __ATOMIC_RELEASE);
}

VOID SepResetTestIdentity(VOID)
{
    __atomic_store_n(&SepTestIdentity, -1, __ATOMIC_RELEASE);
}

static BOOLEAN SepCallerIsRoot(VOID)
{
    LONG Test = __atomic_load_n(&SepTestIdentity, __ATOMIC_ACQUIRE);
    if (Test >= 0)
        return Test != 0;
    return geteuid() == 0;
}

/* Whether the caller owns the prefix (decided once: neither changes while
 * the kernel runs). */
static BOOLEAN SepCallerOwnsPrefix(VOID)
{
    static int Owns = -1;
    int Value = __atomic_load_n(&Owns, __ATOMIC_ACQUIRE);
    if (Value < 0) {
        struct stat St;
        Value = stat(ExpGetPrefix(), &St) == 0 && St.st_uid == geteuid();
        __atomic_store_n(&Owns, Value, __ATOMIC_RELEASE);
    }
    return Value != 0;
}

/* The user's own SID, S-1-5-21-0-0-0-<1000+uid>: the SID the registry
 * names HKEY_CURRENT_USER after (\Registry\User\<SID>). */
typedef struct _SEP_SID5 {
    UCHAR Revision;
    UCHAR SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[5];
} SEP_SID5;
static SEP_SID5 SepUserSid;
static pthread_once_t SepUserSidOnce = PTHREAD_ONCE_INIT;

static void SepInitializeUserSid(void)
{
    ULONG Sub[5] = { SECURITY_NT_NON_UNIQUE, 0, 0, 0, 1000 + (ULONG)geteuid() };
    SepInitializeSid((PSID)&SepUserSid, 5, 5, Sub);
}

VOID SepCaptureSubject(PSEP_SUBJECT Subject)
{
    ULONG n = 0;
    if (SepCallerIsRoot()) {
        Subject->Sids[n++] = (PSID)&SepLocalSystemSid;
        Subject->Sids[n++] = (PSID)&SepAliasAdminsSid;
    } else {
        pthread_once(&SepUserSidOnce, SepInitializeUserSid);
        Subject->Sids[n++] = (PSID)&SepUserSid;
        Subject->Sids[n++] = (PSID)&SepAliasUsersSid;
        Subject->Sids[n++] = (PSID)&SepInteractiveSid;
        if (__atomic_load_n(&SepTestIdentity, __ATOMIC_ACQUIRE) < 0 && SepCallerOwnsPrefix())
            Subject->Sids[n++] = (PSID)&SepAliasAdminsSid;
    }
    Subject->Sids[n++] = (PSID)&SepWorldSid;
    Subject->Sids[n++] = (PSID)&SepAuthenticatedUsersSid;
    Subject->SidCount = n;
}

BOOLEAN SepSubjectHasSid(const SEP_SUBJECT *Subject, PSID Sid)
{
    for (ULONG i = 0; i < Subject->SidCount; i++)
        if (SepEqualSid(Subject->Sids[i], Sid))
            return TRUE;
    return FALSE;
}
