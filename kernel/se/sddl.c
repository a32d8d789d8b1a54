/*
 * se/sddl.c - security descriptors from SDDL strings, for device objects.
 *
 * The grammar (Security Descriptor String Format, ACE Strings, SID Strings;
 * MS-DTYP 2.5.1), as far as device objects need it:
 *
 *   sddl  := { "O:" sid | "G:" sid | "D:" dacl }     each part at most once,
 *                                                    a DACL required
 *   dacl  := { "P" | "AI" | "AR" | "NO_ACCESS_CONTROL" } { ace }
 *   ace   := "(" type ";" flags ";" rights ";" ";" ";" sid ")"
 *   type  := "A" | "D"                               allow, deny
 *   flags := { "CI" | "OI" | "NP" | "IO" | "ID" | "SA" | "FA" }
 *   rights:= "0x" hex | decimal | { two-letter right }
 *   sid   := two-letter alias | "S-1-" authority { "-" sub-authority }
 *
 * Spaces may separate tokens.  Section letters and DACL flags are upper
 * case; ACE fields and SIDs are matched without regard to case, as the
 * kernel's own parser (the one behind IoCreateDeviceSecure) does.  No SACL,
 * object ACEs (the two GUID fields stay empty) or resource attributes:
 * device objects have no use for them.
 *
 * The string is parsed twice: once to check it and size the descriptor,
 * once to write the ACEs into it.  The result is self-relative: header,
 * DACL, owner, group, with SE_DACL_PRESENT and SE_DACL_DEFAULTED set (the
 * DACL comes from a driver's default, as the kernel parser marks it).
 */
#include "sep.h"

/* ------------------------------------------------------------------ tables */

/* SID aliases that need no domain (the domain-relative ones, DA, DU, LA
 * and the like, name accounts of a domain ntio does not have). */
typedef struct _SEP_SDDL_ALIAS {
    char Alias[3];
    UCHAR Authority;
    UCHAR Count;
    ULONG Sub[6];
} SEP_SDDL_ALIAS;

static const SEP_SDDL_ALIAS SepSddlSidAliases[] = {
    { "AA", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ACCESS_CONTROL_ASSISTANCE_OPS } },
    { "AC", 15, 2, { SECURITY_APP_PACKAGE_BASE_RID, SECURITY_BUILTIN_PACKAGE_ANY_PACKAGE } },
    { "AN", 5, 1, { SECURITY_ANONYMOUS_LOGON_RID } },
    { "AO", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ACCOUNT_OPS } },
    { "AS", 18, 1, { SECURITY_AUTHENTICATION_AUTHORITY_ASSERTED_RID } },
    { "AU", 5, 1, { SECURITY_AUTHENTICATED_USER_RID } },
    { "BA", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS } },
    { "BG", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_GUESTS } },
    { "BO", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_BACKUP_OPS } },
    { "BU", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS } },
    { "CD", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_CERTSVC_DCOM_ACCESS_GROUP } },
    { "CG", 3, 1, { SECURITY_CREATOR_GROUP_RID } },
    { "CO", 3, 1, { SECURITY_CREATOR_OWNER_RID } },
    { "CY", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_CRYPTO_OPERATORS } },
    { "ED", 5, 1, { SECURITY_ENTERPRISE_CONTROLLERS_RID } },
    { "ER", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_EVENT_LOG_READERS_GROUP } },
    { "ES", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_RDS_ENDPOINT_SERVERS } },
    { "HA", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_HYPER_V_ADMINS } },
    { "HI", 16, 1, { SECURITY_MANDATORY_HIGH_RID } },
    { "IS", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_IUSERS } },
    { "IU", 5, 1, { SECURITY_INTERACTIVE_RID } },
    { "LS", 5, 1, { SECURITY_LOCAL_SERVICE_RID } },
    { "LU", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_LOGGING_USERS } },
    { "LW", 16, 1, { SECURITY_MANDATORY_LOW_RID } },
    { "ME", 16, 1, { SECURITY_MANDATORY_MEDIUM_RID } },
    { "MP", 16, 1, { SECURITY_MANDATORY_MEDIUM_PLUS_RID } },
    { "MS", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_RDS_MANAGEMENT_SERVERS } },
    { "MU", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_MONITORING_USERS } },
    { "NO", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_NETWORK_CONFIGURATION_OPS } },
    { "NS", 5, 1, { SECURITY_NETWORK_SERVICE_RID } },
    { "NU", 5, 1, { SECURITY_NETWORK_RID } },
    { "OW", 3, 1, { SECURITY_CREATOR_OWNER_RIGHTS_RID } },
    { "PO", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_PRINT_OPS } },
    { "PS", 5, 1, { SECURITY_PRINCIPAL_SELF_RID } },
    { "PU", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_POWER_USERS } },
    { "RA", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_RDS_REMOTE_ACCESS_SERVERS } },
    { "RC", 5, 1, { SECURITY_RESTRICTED_CODE_RID } },
    { "RD", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_REMOTE_DESKTOP_USERS } },
    { "RE", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_REPLICATOR } },
    { "RM", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_REMOTE_MANAGEMENT_USERS } },
    { "RU", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_PREW2KCOMPACCESS } },
    { "SI", 16, 1, { SECURITY_MANDATORY_SYSTEM_RID } },
    { "SO", 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_SYSTEM_OPS } },
    { "SS", 18, 1, { SECURITY_AUTHENTICATION_SERVICE_ASSERTED_RID } },
    { "SU", 5, 1, { SECURITY_SERVICE_RID } },
    { "SY", 5, 1, { SECURITY_LOCAL_SYSTEM_RID } },
    { "UD", 5, 6, { SECURITY_USERMODEDRIVERHOST_ID_BASE_RID, 0, 0, 0, 0, 0 } },
    { "WD", 1, 1, { SECURITY_WORLD_RID } },
    { "WR", 5, 1, { SECURITY_WRITE_RESTRICTED_CODE_RID } },
};

typedef struct _SEP_SDDL_KEYWORD {
    char Text[3];
    ULONG Value;
} SEP_SDDL_KEYWORD;

/* Access rights (ACE Strings): generic, standard, directory service, file
 * and registry. */
static const SEP_SDDL_KEYWORD SepSddlRights[] = {
    { "GA", GENERIC_ALL },  { "GR", GENERIC_READ },    { "GW", GENERIC_WRITE },
    { "GX", GENERIC_EXECUTE },
    { "RC", READ_CONTROL }, { "SD", DELETE },          { "WD", WRITE_DAC },
    { "WO", WRITE_OWNER },
    { "RP", 0x0010 },       { "WP", 0x0020 },          { "CC", 0x0001 },     /* ADS_RIGHT_DS_* */
    { "DC", 0x0002 },       { "LC", 0x0004 },          { "SW", 0x0008 },
    { "LO", 0x0080 },       { "DT", 0x0040 },          { "CR", 0x0100 },
    { "FA", FILE_ALL_ACCESS }, { "FR", FILE_GENERIC_READ }, { "FW", FILE_GENERIC_WRITE },
    { "FX", FILE_GENERIC_EXECUTE },
    /* KEY_ALL_ACCESS, KEY_READ, KEY_WRITE, KEY_EXECUTE */
    { "KA", 0xF003F },      { "KR", 0x20019 },         { "KW", 0x20006 },
    { "KX", 0x20019 },
};

/* ACE flags: inheritance and audit flags, kept in the ACE; for a device
 * only INHERIT_ONLY changes anything (the ACE is then not checked). */
static const SEP_SDDL_KEYWORD SepSddlAceFlags[] = {
    { "CI", CONTAINER_INHERIT_ACE }, { "OI", OBJECT_INHERIT_ACE },
    { "NP", NO_PROPAGATE_INHERIT_ACE }, { "IO", INHERIT_ONLY_ACE },
    { "ID", INHERITED_ACE },         { "SA", SUCCESSFUL_ACCESS_ACE_FLAG },
    { "FA", FAILED_ACCESS_ACE_FLAG },
};

/* ------------------------------------------------------------------ parser */

typedef struct _SEP_SDDL_STATE {
    PCWCH Start;            /* the string, Length / sizeof(WCHAR) characters */
    PCWCH End;
    PCWCH Pos;
    BOOLEAN Report;         /* DbgPrint errors (first pass only) */
    PACL Acl;               /* second pass: the ACL the ACEs are written into */

    BOOLEAN HasOwner, HasGroup, HasDacl, NullDacl;
    SECURITY_DESCRIPTOR_CONTROL DaclControl;
    ULONG AclSize;          /* header and ACEs so far */
    ULONG AceCount;
    SEP_SID_BUFFER Owner, Group;
} SEP_SDDL_STATE, *PSEP_SDDL_STATE;

static WCHAR SepSddlPeek(PSEP_SDDL_STATE St, ULONG Ahead)
{
    return (St->End - St->Pos) > (LONG_PTR)Ahead ? St->Pos[Ahead] : 0;
}

static WCHAR SepSddlUpper(WCHAR c)
{
    return (c >= L'a' && c <= L'z') ? (WCHAR)(c - (L'a' - L'A')) : c;
}

static VOID SepSddlSkipSpaces(PSEP_SDDL_STATE St)
{
    while (St->Pos < St->End && *St->Pos == L' ')
        St->Pos++;
}

/* Consume Text if the string continues with it (any case if IgnoreCase). */
static BOOLEAN SepSddlMatch(PSEP_SDDL_STATE St, const char *Text, BOOLEAN IgnoreCase)
{
    SIZE_T n = strlen(Text);
    if ((SIZE_T)(St->End - St->Pos) < n)
        return FALSE;
    for (SIZE_T i = 0; i < n; i++) {
        WCHAR c = IgnoreCase ? SepSddlUpper(St->Pos[i]) : St->Pos[i];
        if (c != (WCHAR)(UCHAR)Text[i])
            return FALSE;
    }
    St->Pos += n;
    return TRUE;
}

/* Report what is wrong at At, naming the token found there. */
static NTSTATUS SepSddlFail(PSEP_SDDL_STATE St, PCWCH At, NTSTATUS Status, const char *What)
{
    char Token[40], Whole[128];
    SIZE_T n = 0;

    if (!St->Report)
        return Status;
    /* The token: up to the next delimiter, at least one character. */
    while (At + n < St->End && n < sizeof Token - 1 &&
           (n == 0 || (At[n] != L';' && At[n] != L'(' && At[n] != L')' && At[n] != L':'))) {
        WCHAR c = At[n];
        Token[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    Token[n] = 0;
    n = 0;
    for (PCWCH p = St->Start; p < St->End && n < sizeof Whole - 1; p++)
        Whole[n++] = (*p >= 0x20 && *p < 0x7f) ? (char)*p : '?';
    Whole[n] = 0;
    DbgPrint("ntio: SDDL \"%s\": %s: \"%s\" at offset %u\n", Whole, What,
             At < St->End ? Token : "(end of string)", (unsigned)(At - St->Start));
    return Status;
}

/* An unsigned number: "0x" hex, or decimal.  FALSE if there is none or it
 * exceeds Max. */
static BOOLEAN SepSddlParseNumber(PSEP_SDDL_STATE St, ULONGLONG Max, ULONGLONG *Value)
{
    ULONG Base = 10;
    ULONGLONG v = 0;
    PCWCH Digits;

    if (SepSddlPeek(St, 0) == L'0' && SepSddlUpper(SepSddlPeek(St, 1)) == L'X') {
        Base = 16;
        St->Pos += 2;
    }
    Digits = St->Pos;
    for (; St->Pos < St->End; St->Pos++) {
        WCHAR c = SepSddlUpper(*St->Pos);
        ULONG d;
        if (c >= L'0' && c <= L'9')
            d = c - L'0';
        else if (Base == 16 && c >= L'A' && c <= L'F')
            d = c - L'A' + 10;
        else
            break;
        if (v > (Max - d) / Base)
            return FALSE;
        v = v * Base + d;
    }
    *Value = v;
    return St->Pos != Digits;
}

/* A SID: "S-1-..." or a two-letter alias. */
static NTSTATUS SepSddlParseSid(PSEP_SDDL_STATE St, PSID Sid)
{
    PCWCH At = St->Pos;

    if (SepSddlUpper(SepSddlPeek(St, 0)) == L'S' && SepSddlPeek(St, 1) == L'-') {
        ULONGLONG Revision, Authority, Value;
        ULONG Sub[SID_MAX_SUB_AUTHORITIES];
        UCHAR Count = 0;

        St->Pos += 2;
        if (!SepSddlParseNumber(St, MAXULONG, &Revision) || Revision != SID_REVISION ||
            !SepSddlMatch(St, "-", FALSE) || !SepSddlParseNumber(St, 0xFFFFFFFFFFFFULL, &Authority))
            return SepSddlFail(St, At, STATUS_NONE_MAPPED, "malformed SID");
        while (SepSddlPeek(St, 0) == L'-') {
            St->Pos++;
            if (Count == SID_MAX_SUB_AUTHORITIES || !SepSddlParseNumber(St, MAXULONG, &Value))
                return SepSddlFail(St, At, STATUS_NONE_MAPPED, "malformed SID");
            Sub[Count++] = (ULONG)Value;
        }
        SepInitializeSid(Sid, Authority, Count, Sub);
        return STATUS_SUCCESS;
    }
    for (ULONG i = 0; i < RTL_NUMBER_OF(SepSddlSidAliases); i++) {
        const SEP_SDDL_ALIAS *A = &SepSddlSidAliases[i];
        if (SepSddlMatch(St, A->Alias, TRUE)) {
            SepInitializeSid(Sid, A->Authority, A->Count, A->Sub);
            return STATUS_SUCCESS;
        }
    }
    return SepSddlFail(St, At, STATUS_NONE_MAPPED, "unknown SID");
}

/* Add one ACE (second pass: write it). */
static NTSTATUS SepSddlAddAce(PSEP_SDDL_STATE St, PCWCH At, UCHAR Type, UCHAR Flags,
                              ACCESS_MASK Mask, PSID Sid)
{
    ULONG SidLength = SepLengthSid(Sid);
    ULONG AceSize = FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart) + SidLength;

    /* AclSize is a USHORT and stays a multiple of 4. */
    if (St->AclSize + AceSize > 0xFFFC)
        return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "DACL larger than 64 KB");
    if (St->Acl) {
        PACCESS_ALLOWED_ACE Ace = (PACCESS_ALLOWED_ACE)((PUCHAR)St->Acl + St->AclSize);
        Ace->Header.AceType = Type;
        Ace->Header.AceFlags = Flags;
        Ace->Header.AceSize = (USHORT)AceSize;
        Ace->Mask = Mask;
        memcpy(&Ace->SidStart, Sid, SidLength);
    }
    St->AclSize += AceSize;
    St->AceCount++;
    return STATUS_SUCCESS;
}

/* Expect the ';' that ends an ACE field. */
static NTSTATUS SepSddlSeparator(PSEP_SDDL_STATE St, const char *What)
{
    SepSddlSkipSpaces(St);
    if (!SepSddlMatch(St, ";", FALSE))
        return SepSddlFail(St, St->Pos, STATUS_INVALID_PARAMETER, What);
    SepSddlSkipSpaces(St);
    return STATUS_SUCCESS;
}

/* "(type;flags;rights;;;sid)", the '(' already consumed. */
static NTSTATUS SepSddlParseAce(PSEP_SDDL_STATE St)
{
    PCWCH AceStart = St->Pos - 1, At;
    UCHAR Type, Flags = 0;
    ACCESS_MASK Mask = 0;
    SEP_SID_BUFFER Sid;
    NTSTATUS Status;

    SepSddlSkipSpaces(St);
    At = St->Pos;
    if (SepSddlMatch(St, "A", TRUE))
        Type = ACCESS_ALLOWED_ACE_TYPE;
    else if (SepSddlMatch(St, "D", TRUE))
        Type = ACCESS_DENIED_ACE_TYPE;
    else
        return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "unknown or unsupported ACE type");
    SepSddlSkipSpaces(St);
    if (SepSddlPeek(St, 0) != L';') /* "AU", "OA", "ML"...: other ACE types */
        return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "unknown or unsupported ACE type");
    if (!NT_SUCCESS(Status = SepSddlSeparator(St, "expected ';' after the ACE type")))
        return Status;

    while (SepSddlPeek(St, 0) != L';') {
        ULONG i;
        At = St->Pos;
        for (i = 0; i < RTL_NUMBER_OF(SepSddlAceFlags); i++)
            if (SepSddlMatch(St, SepSddlAceFlags[i].Text, TRUE))
                break;
        if (i == RTL_NUMBER_OF(SepSddlAceFlags))
            return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "unknown ACE flag");
        Flags |= (UCHAR)SepSddlAceFlags[i].Value;
        SepSddlSkipSpaces(St);
    }
    if (!NT_SUCCESS(Status = SepSddlSeparator(St, "expected ';' after the ACE flags")))
        return Status;

    At = St->Pos;
    if (SepSddlPeek(St, 0) >= L'0' && SepSddlPeek(St, 0) <= L'9') {
        ULONGLONG Value;
        if (!SepSddlParseNumber(St, MAXULONG, &Value))
            return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "bad access mask");
        Mask = (ACCESS_MASK)Value;
    } else {
        while (SepSddlPeek(St, 0) != L';') {
            ULONG i;
            At = St->Pos;
            for (i = 0; i < RTL_NUMBER_OF(SepSddlRights); i++)
                if (SepSddlMatch(St, SepSddlRights[i].Text, TRUE))
                    break;
            if (i == RTL_NUMBER_OF(SepSddlRights))
                return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "unknown access right");
            Mask |= SepSddlRights[i].Value;
            SepSddlSkipSpaces(St);
        }
    }
    if (!NT_SUCCESS(Status = SepSddlSeparator(St, "expected ';' after the access rights")) ||
        !NT_SUCCESS(Status = SepSddlSeparator(St, "object GUIDs are not supported")) ||
        !NT_SUCCESS(Status = SepSddlSeparator(St, "inherited object GUIDs are not supported")))
        return Status;

    if (!NT_SUCCESS(Status = SepSddlParseSid(St, &Sid.Sid)))
        return Status;
    SepSddlSkipSpaces(St);
    if (SepSddlPeek(St, 0) == L';')
        return SepSddlFail(St, St->Pos, STATUS_INVALID_PARAMETER, "resource attributes are not supported");
    /* The kernel's parser answers an unclosed ACE with STATUS_INVALID_ACL. */
    if (!SepSddlMatch(St, ")", FALSE))
        return SepSddlFail(St, St->Pos, STATUS_INVALID_ACL, "ACE not closed by ')'");
    return SepSddlAddAce(St, AceStart, Type, Flags, Mask, &Sid.Sid);
}

/* After "D:": flags, then ACEs. */
static NTSTATUS SepSddlParseDacl(PSEP_SDDL_STATE St)
{
    NTSTATUS Status;

    for (;;) {
        SepSddlSkipSpaces(St);
        if (SepSddlMatch(St, "NO_ACCESS_CONTROL", FALSE))
            St->NullDacl = TRUE;
        else if (SepSddlMatch(St, "AR", FALSE))
            St->DaclControl |= SE_DACL_AUTO_INHERIT_REQ;
        else if (SepSddlMatch(St, "AI", FALSE))
            St->DaclControl |= SE_DACL_AUTO_INHERITED;
        else if (SepSddlMatch(St, "P", FALSE))
            St->DaclControl |= SE_DACL_PROTECTED;
        else
            break;
    }
    while (SepSddlPeek(St, 0) == L'(') {
        if (St->NullDacl)
            return SepSddlFail(St, St->Pos, STATUS_INVALID_PARAMETER, "ACE in a NO_ACCESS_CONTROL DACL");
        St->Pos++;
        if (!NT_SUCCESS(Status = SepSddlParseAce(St)))
            return Status;
        SepSddlSkipSpaces(St);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS SepSddlParse(PSEP_SDDL_STATE St)
{
    NTSTATUS Status;

    St->Pos = St->Start;
    St->HasOwner = St->HasGroup = St->HasDacl = St->NullDacl = FALSE;
    St->DaclControl = 0;
    St->AclSize = sizeof(ACL);
    St->AceCount = 0;

    for (;;) {
        PCWCH At;
        SepSddlSkipSpaces(St);
        At = St->Pos;
        if (St->Pos == St->End)
            break;
        if (SepSddlMatch(St, "O:", FALSE)) {
            if (St->HasOwner)
                return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "second owner");
            SepSddlSkipSpaces(St);
            if (!NT_SUCCESS(Status = SepSddlParseSid(St, &St->Owner.Sid)))
                return Status;
            St->HasOwner = TRUE;
        } else if (SepSddlMatch(St, "G:", FALSE)) {
            if (St->HasGroup)
                return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "second group");
            SepSddlSkipSpaces(St);
            if (!NT_SUCCESS(Status = SepSddlParseSid(St, &St->Group.Sid)))
                return Status;
            St->HasGroup = TRUE;
        } else if (SepSddlMatch(St, "D:", FALSE)) {
            if (St->HasDacl)
                return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "second DACL");
            St->HasDacl = TRUE;
            if (!NT_SUCCESS(Status = SepSddlParseDacl(St)))
                return Status;
        } else if (SepSddlMatch(St, "S:", FALSE)) {
            return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "no SACL for device objects");
        } else {
            return SepSddlFail(St, At, STATUS_INVALID_PARAMETER, "unexpected text");
        }
    }
    /* A device descriptor without a DACL would leave the device open to all. */
    if (!St->HasDacl)
        return SepSddlFail(St, St->Pos, STATUS_INVALID_PARAMETER, "no DACL (\"D:\")");
    return STATUS_SUCCESS;
}

static NTSTATUS SepSddlBuild(PCUNICODE_STRING Sddl, PSECURITY_DESCRIPTOR *Descriptor, PULONG Length);

NTSTATUS SepSddlToSecurityDescriptor(PCUNICODE_STRING Sddl, PSECURITY_DESCRIPTOR *Descriptor)
{
    return SepSddlBuild(Sddl, Descriptor, NULL);
}

/*
 * For user mode (SetupAPI's installer writing an INF's Security entries to
 * the registry, where the PnP manager reads them): the self-relative
 * descriptor of Sddl copied into Buffer.  *Needed gets its size;
 * STATUS_BUFFER_TOO_SMALL when Buffer cannot hold it.  The same parser, and
 * so the same language and errors, as IoCreateDeviceSecure's.
 */
NTIO_EXPORT NTSTATUS RtlpSddlToSelfRelativeDescriptor(PCWSTR Sddl, PVOID Buffer, ULONG BufferSize,
                                                      PULONG Needed)
{
    UNICODE_STRING String;
    PSECURITY_DESCRIPTOR Sd;
    ULONG Size = 0;
    if (!Sddl || !Needed)
        return STATUS_INVALID_PARAMETER;
    RtlInitUnicodeString(&String, Sddl);
    NTSTATUS Status = SepSddlBuild(&String, &Sd, &Size);
    if (!NT_SUCCESS(Status))
        return Status;
    *Needed = Size;
    if (!Buffer || BufferSize < Size)
        Status = STATUS_BUFFER_TOO_SMALL;
    else
        memcpy(Buffer, Sd, Size);
    SepFreeSecurityDescriptor(Sd);
    return Status;
}

static NTSTATUS SepSddlBuild(PCUNICODE_STRING Sddl, PSECURITY_DESCRIPTOR *Descriptor, PULONG Length)
{
    SEP_SDDL_STATE St;
    PISECURITY_DESCRIPTOR_RELATIVE Sd;
    ULONG Size, Offset, OwnerLength = 0, GroupLength = 0;
    NTSTATUS Status;

    PAGED_CODE();
    if (!Descriptor)
        return STATUS_INVALID_PARAMETER;
    *Descriptor = NULL;
    if (!Sddl || (Sddl->Length & 1) || (Sddl->Length && !Sddl->Buffer)) {
        DbgPrint("ntio: SDDL: no string, or an odd length\n");
        return STATUS_INVALID_PARAMETER;
    }

    memset(&St, 0, sizeof St);
    St.Start = Sddl->Buffer;
    St.End = Sddl->Buffer + Sddl->Length / sizeof(WCHAR);
    St.Report = TRUE;
    if (!NT_SUCCESS(Status = SepSddlParse(&St)))
        return Status;

    if (St.HasOwner)
        OwnerLength = SepLengthSid(&St.Owner.Sid);
    if (St.HasGroup)
        GroupLength = SepLengthSid(&St.Group.Sid);
    Size = sizeof(SECURITY_DESCRIPTOR_RELATIVE) + (St.NullDacl ? 0 : St.AclSize) + OwnerLength + GroupLength;
    Sd = ExAllocatePoolWithTag(PagedPool, Size, SEP_DESCRIPTOR_TAG);
    if (!Sd)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(Sd, 0, Size);
    Sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    Sd->Control = SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_DEFAULTED | St.DaclControl;
    Offset = sizeof(SECURITY_DESCRIPTOR_RELATIVE);

    if (!St.NullDacl) {
        PACL Acl = (PACL)((PUCHAR)Sd + Offset);
        ULONG AclSize = St.AclSize;
        Acl->AclRevision = ACL_REVISION;
        Acl->AclSize = (USHORT)AclSize;
        Acl->AceCount = (USHORT)St.AceCount;
        /* Second pass over a string already found good: write the ACEs. */
        St.Acl = Acl;
        St.Report = FALSE;
        Status = SepSddlParse(&St);
        ASSERT(NT_SUCCESS(Status) && St.AclSize == AclSize);
        Sd->Dacl = Offset;
        Offset += AclSize;
    }
    if (St.HasOwner) {
        memcpy((PUCHAR)Sd + Offset, &St.Owner, OwnerLength);
        Sd->Owner = Offset;
        Offset += OwnerLength;
    }
    if (St.HasGroup) {
        memcpy((PUCHAR)Sd + Offset, &St.Group, GroupLength);
        Sd->Group = Offset;
        Offset += GroupLength;
    }
    *Descriptor = Sd;
    if (Length)
        *Length = Size;
    return STATUS_SUCCESS;
}
