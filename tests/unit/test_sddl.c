/*
 * tests/unit/test_sddl.c - security descriptors from SDDL strings
 * (kernel/se/sddl.c): every SDDL_DEVOBJ_* string of wdmsec.h and a set of
 * hand-written ones, read back from the self-relative descriptor byte by
 * byte (control, offsets, ACL header, each ACE's type, flags, mask and
 * SID), and the malformed strings with the status each gets.
 */
#include <stdio.h>

#include <wdm.h>
#include <wdmsec.h>
#include "harness.h"
#include "se/sep.h"
#include "ex/ex.h"

/* The control word of a device descriptor: self-relative, DACL present
 * and (from a driver's default string) defaulted. */
#define BASE_CONTROL (SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_DEFAULTED)

static LONG64 SeSdBytesInUse(void)
{
    EXP_TAG_STATS Stats[512];
    ULONG n = ExpQueryPoolTags(Stats, 512);
    for (ULONG i = 0; i < n; i++)
        if (Stats[i].Tag == SEP_DESCRIPTOR_TAG)
            return Stats[i].BytesInUse;
    return 0;
}

/* "S-1-5-32-544" */
static const char *SidText(PSID Sid, char *Buffer, size_t Size)
{
    PISID S = Sid;
    ULONGLONG Authority = 0;
    int n;
    for (int i = 0; i < 6; i++)
        Authority = (Authority << 8) | S->IdentifierAuthority.Value[i];
    n = snprintf(Buffer, Size, "S-%u-%llu", S->Revision, Authority);
    for (int i = 0; i < S->SubAuthorityCount && n > 0 && (size_t)n < Size; i++) {
        ULONG Sub;
        memcpy(&Sub, (PUCHAR)Sid + FIELD_OFFSET(SID, SubAuthority) + i * sizeof(ULONG), sizeof Sub);
        n += snprintf(Buffer + n, Size - n, "-%u", Sub);
    }
    return Buffer;
}

static NTSTATUS ParseN(const WCHAR *Text, USHORT Chars, PSECURITY_DESCRIPTOR *Sd)
{
    UNICODE_STRING S = { (USHORT)(Chars * sizeof(WCHAR)), (USHORT)(Chars * sizeof(WCHAR)), (PWCH)Text };
    return SepSddlToSecurityDescriptor(&S, Sd);
}

static NTSTATUS Parse(PCWSTR Text, PSECURITY_DESCRIPTOR *Sd)
{
    UNICODE_STRING S;
    RtlInitUnicodeString(&S, Text);
    return SepSddlToSecurityDescriptor(&S, Sd);
}

static PISECURITY_DESCRIPTOR_RELATIVE Rel(PSECURITY_DESCRIPTOR Sd)
{
    return (PISECURITY_DESCRIPTOR_RELATIVE)Sd;
}

static PACL DaclOf(PSECURITY_DESCRIPTOR Sd)
{
    return Rel(Sd)->Dacl ? (PACL)((PUCHAR)Sd + Rel(Sd)->Dacl) : NULL;
}

static PACCESS_ALLOWED_ACE AceOf(PACL Acl, ULONG Index)
{
    PUCHAR Ace = (PUCHAR)(Acl + 1);
    while (Index--)
        Ace += ((PACE_HEADER)Ace)->AceSize;
    return (PACCESS_ALLOWED_ACE)Ace;
}

typedef struct {
    UCHAR Type;
    UCHAR Flags;
    ACCESS_MASK Mask;
    const char *Sid;
} EXPECTED_ACE;

/* Check the whole descriptor: header, no SACL, DACL right after the
 * header, then owner and group; the ACL header and every ACE; and that
 * the block is exactly as long as its parts. */
static void CheckDescriptor(int Line, PSECURITY_DESCRIPTOR Sd, USHORT Control, const char *Owner,
                            const char *Group, int AceCount, const EXPECTED_ACE *Aces)
{
    char Text[128];
    ULONG Expected = sizeof(SECURITY_DESCRIPTOR_RELATIVE);
    PACL Acl = DaclOf(Sd);

    if (!Sd) {
        CHECK(Sd != NULL);
        return;
    }
    if (Rel(Sd)->Control != Control)
        fprintf(stderr, "  (descriptor checked at line %d)\n", Line);
    CHECK_EQ(Rel(Sd)->Revision, SECURITY_DESCRIPTOR_REVISION);
    CHECK_EQ(Rel(Sd)->Sbz1, 0);
    CHECK_EQ(Rel(Sd)->Control, Control);
    CHECK_EQ(Rel(Sd)->Sacl, 0);
    if (AceCount < 0) {
        CHECK_EQ(Rel(Sd)->Dacl, 0); /* NULL DACL */
    } else {
        CHECK_EQ(Rel(Sd)->Dacl, sizeof(SECURITY_DESCRIPTOR_RELATIVE));
        if (!Acl)
            return;
        CHECK_EQ(Acl->AclRevision, ACL_REVISION);
        CHECK_EQ(Acl->Sbz1, 0);
        CHECK_EQ(Acl->Sbz2, 0);
        CHECK_EQ(Acl->AceCount, AceCount);
        ULONG AclBytes = sizeof(ACL);
        for (int i = 0; i < AceCount; i++) {
            PACCESS_ALLOWED_ACE Ace = AceOf(Acl, i);
            if (Ace->Mask != Aces[i].Mask || strcmp(SidText(&Ace->SidStart, Text, sizeof Text), Aces[i].Sid))
                fprintf(stderr, "  (ACE %d of the descriptor checked at line %d)\n", i, Line);
            CHECK_EQ(Ace->Header.AceType, Aces[i].Type);
            CHECK_EQ(Ace->Header.AceFlags, Aces[i].Flags);
            CHECK_EQ(Ace->Mask, Aces[i].Mask);
            CHECK_STR(SidText(&Ace->SidStart, Text, sizeof Text), Aces[i].Sid);
            CHECK_EQ(Ace->Header.AceSize,
                     FIELD_OFFSET(ACCESS_ALLOWED_ACE, SidStart) + SepLengthSid(&Ace->SidStart));
            CHECK_EQ(Ace->Header.AceSize % 4, 0);
            AclBytes += Ace->Header.AceSize;
        }
        CHECK_EQ(Acl->AclSize, AclBytes);
        Expected += AclBytes;
    }
    if (Owner) {
        CHECK_EQ(Rel(Sd)->Owner, Expected);
        CHECK_STR(SidText((PUCHAR)Sd + Rel(Sd)->Owner, Text, sizeof Text), Owner);
        Expected += SepLengthSid((PUCHAR)Sd + Rel(Sd)->Owner);
    } else {
        CHECK_EQ(Rel(Sd)->Owner, 0);
    }
    if (Group) {
        CHECK_EQ(Rel(Sd)->Group, Expected);
        CHECK_STR(SidText((PUCHAR)Sd + Rel(Sd)->Group, Text, sizeof Text), Group);
        Expected += SepLengthSid((PUCHAR)Sd + Rel(Sd)->Group);
    } else {
        CHECK_EQ(Rel(Sd)->Group, 0);
    }
    CHECK_EQ(ExpPoolBlockSize(Sd), Expected);
    CHECK_EQ(ExpPoolBlockTag(Sd), SEP_DESCRIPTOR_TAG);
}

#define CHECK_SD(Sd, Control, Owner, Group, ...)                                                   \
    do {                                                                                           \
        static const EXPECTED_ACE Aces_[] = { __VA_ARGS__ };                                       \
        CheckDescriptor(__LINE__, (Sd), (Control), (Owner), (Group), (int)RTL_NUMBER_OF(Aces_) - 1, \
                        Aces_ + 1);                                                                \
    } while (0)
/* The first element of the list is a placeholder, so an empty DACL can be
 * written CHECK_SD(Sd, ..., NO_ACES). */
#define NO_ACES { 0, 0, 0, NULL }
#define A(Flags, Mask, Sid) { ACCESS_ALLOWED_ACE_TYPE, (Flags), (Mask), (Sid) }
#define D(Flags, Mask, Sid) { ACCESS_DENIED_ACE_TYPE, (Flags), (Mask), (Sid) }

#define SY "S-1-5-18"
#define BA "S-1-5-32-544"
#define WD "S-1-1-0"
#define RC "S-1-5-12"
#define GRGWGX (GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE)

/* ---- the WDK's default strings --------------------------------------------- */

static void CheckConstantText(const UNICODE_STRING *S, PCWSTR Text)
{
    UNICODE_STRING T;
    RtlInitUnicodeString(&T, Text);
    CHECK_EQ(S->Length, T.Length);
    CHECK_EQ(S->MaximumLength, T.Length + sizeof(WCHAR));
    CHECK(S->Buffer && RtlEqualUnicodeString(S, &T, FALSE));
    CHECK(S->Buffer && S->Buffer[S->Length / sizeof(WCHAR)] == 0);
}

static void TestDevobjConstants(void)
{
    PSECURITY_DESCRIPTOR Sd;
    const USHORT Ctl = BASE_CONTROL | SE_DACL_PROTECTED;

    CheckConstantText(&SDDL_DEVOBJ_KERNEL_ONLY, L"D:P");
    CheckConstantText(&SDDL_DEVOBJ_INF_SUPPLIED, L"D:P");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL, L"D:P(A;;GA;;;SY)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_ALL, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_RX, L"D:P(A;;GA;;;SY)(A;;GRGX;;;BA)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R, L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R,
                      L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)(A;;GR;;;RC)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R,
                      L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");
    CheckConstantText(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX,
                      L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)");

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_KERNEL_ONLY, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES);
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY), A(0, GENERIC_ALL, BA));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_RX, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY),
             A(0, GENERIC_READ | GENERIC_EXECUTE, BA));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY), A(0, GRGWGX, BA),
             A(0, GENERIC_READ, WD));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY), A(0, GRGWGX, BA),
             A(0, GENERIC_READ, WD), A(0, GENERIC_READ, RC));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY), A(0, GRGWGX, BA),
             A(0, GENERIC_READ | GENERIC_WRITE, WD), A(0, GENERIC_READ, RC));
    SepFreeSecurityDescriptor(Sd);

    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX, &Sd),
             STATUS_SUCCESS);
    CHECK_SD(Sd, Ctl, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY), A(0, GRGWGX, BA), A(0, GRGWGX, WD),
             A(0, GRGWGX, RC));
    SepFreeSecurityDescriptor(Sd);
}

/* ---- hand-written strings -------------------------------------------------- */

static void TestHandWritten(void)
{
    PSECURITY_DESCRIPTOR Sd;

    /* Owner, group, DACL flags, a deny ACE first, flags and every kind of mask. */
    CHECK_EQ(Parse(L"O:BAG:SYD:PAI(D;;0x2;;;BU)(A;CIOI;FA;;;S-1-5-21-1-2-3-1001)(A;ID;RCSDWDWO;;;AU)",
                   &Sd),
             STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED, BA, SY, NO_ACES,
             D(0, FILE_WRITE_DATA, "S-1-5-32-545"),
             A(CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE, FILE_ALL_ACCESS, "S-1-5-21-1-2-3-1001"),
             A(INHERITED_ACE, READ_CONTROL | DELETE | WRITE_DAC | WRITE_OWNER, "S-1-5-11"));
    SepFreeSecurityDescriptor(Sd);

    /* The parts in another order, spaces between tokens, ACE fields in
     * lower case, decimal and upper-case-X hex masks. */
    CHECK_EQ(Parse(L" D: AR ( a ; ; gr gw ; ; ; wd ) (d;io;268435456;;;sy) (A;;0X1F;;;iu)"
                   L" G:BU O:S-1-5-18 ", &Sd),
             STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL | SE_DACL_AUTO_INHERIT_REQ, SY, "S-1-5-32-545", NO_ACES,
             A(0, GENERIC_READ | GENERIC_WRITE, WD), D(INHERIT_ONLY_ACE, GENERIC_ALL, SY),
             A(0, 0x1F, "S-1-5-4"));
    SepFreeSecurityDescriptor(Sd);

    /* An empty DACL, and a NULL one. */
    CHECK_EQ(Parse(L"D:", &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL, NULL, NULL, NO_ACES);
    SepFreeSecurityDescriptor(Sd);
    CHECK_EQ(Parse(L"D:NO_ACCESS_CONTROL", &Sd), STATUS_SUCCESS);
    if (Sd) {
        CHECK_EQ(Rel(Sd)->Control, BASE_CONTROL);
        CHECK_EQ(Rel(Sd)->Dacl, 0);
        CHECK_EQ(ExpPoolBlockSize(Sd), sizeof(SECURITY_DESCRIPTOR_RELATIVE));
    }
    SepFreeSecurityDescriptor(Sd);
    CHECK_EQ(Parse(L"D:PNO_ACCESS_CONTROLG:WD", &Sd), STATUS_SUCCESS);
    if (Sd) {
        char Text[64];
        CHECK_EQ(Rel(Sd)->Control, BASE_CONTROL | SE_DACL_PROTECTED);
        CHECK_EQ(Rel(Sd)->Dacl, 0);
        CHECK_EQ(Rel(Sd)->Group, sizeof(SECURITY_DESCRIPTOR_RELATIVE));
        CHECK_STR(SidText((PUCHAR)Sd + Rel(Sd)->Group, Text, sizeof Text), WD);
    }
    SepFreeSecurityDescriptor(Sd);

    /* Every ACE flag, every right token. */
    CHECK_EQ(Parse(L"D:(A;CIOINPIOIDSAFA;GAGRGWGX;;;WD)(A;;RPWPCCDCLCSWLODTCR;;;WD)"
                   L"(A;;FAFRFWFX;;;WD)(A;;KAKRKWKX;;;WD)(D;;RCSDWDWO;;;WD)",
                   &Sd),
             STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL, NULL, NULL, NO_ACES,
             A(OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | NO_PROPAGATE_INHERIT_ACE | INHERIT_ONLY_ACE |
                   INHERITED_ACE | SUCCESSFUL_ACCESS_ACE_FLAG | FAILED_ACCESS_ACE_FLAG,
               GENERIC_ALL | GRGWGX, WD),
             A(0, 0x1FF, WD), A(0, FILE_ALL_ACCESS, WD), A(0, 0xF003F, WD),
             D(0, STANDARD_RIGHTS_REQUIRED, WD));
    SepFreeSecurityDescriptor(Sd);

    /* An empty access mask is a mask of 0. */
    CHECK_EQ(Parse(L"D:(A;;;;;WD)", &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL, NULL, NULL, NO_ACES, A(0, 0, WD));
    SepFreeSecurityDescriptor(Sd);

    /* SID literals: a 48-bit hex authority, no sub-authority, fifteen. */
    CHECK_EQ(Parse(L"O:S-1-0x123456789ABCG:S-1-5"
                   L"D:(A;;GA;;;s-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295)",
                   &Sd),
             STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL, "S-1-20015998343868", "S-1-5", NO_ACES,
             A(0, GENERIC_ALL, "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295"));
    if (Sd) {
        PISID Owner = (PISID)((PUCHAR)Sd + Rel(Sd)->Owner);
        static const UCHAR Auth[6] = { 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC };
        CHECK(memcmp(Owner->IdentifierAuthority.Value, Auth, 6) == 0);
    }
    SepFreeSecurityDescriptor(Sd);

    /* The string ends where Length says, not at a NUL. */
    CHECK_EQ(ParseN(L"D:P(A;;GA;;;SY)GARBAGE", 15, &Sd), STATUS_SUCCESS);
    CHECK_SD(Sd, BASE_CONTROL | SE_DACL_PROTECTED, NULL, NULL, NO_ACES, A(0, GENERIC_ALL, SY));
    SepFreeSecurityDescriptor(Sd);
}

/* Every alias that needs no domain, and what it stands for. */
static void TestSidAliases(void)
{
    static const struct {
        const char *Alias, *Sid;
    } Aliases[] = {
        { "AA", "S-1-5-32-579" }, { "AC", "S-1-15-2-1" },   { "AN", "S-1-5-7" },
        { "AO", "S-1-5-32-548" }, { "AS", "S-1-18-1" },     { "AU", "S-1-5-11" },
        { "BA", "S-1-5-32-544" }, { "BG", "S-1-5-32-546" }, { "BO", "S-1-5-32-551" },
        { "BU", "S-1-5-32-545" }, { "CD", "S-1-5-32-574" }, { "CG", "S-1-3-1" },
        { "CO", "S-1-3-0" },      { "CY", "S-1-5-32-569" }, { "ED", "S-1-5-9" },
        { "ER", "S-1-5-32-573" }, { "ES", "S-1-5-32-576" }, { "HA", "S-1-5-32-578" },
        { "HI", "S-1-16-12288" }, { "IS", "S-1-5-32-568" }, { "IU", "S-1-5-4" },
        { "LS", "S-1-5-19" },     { "LU", "S-1-5-32-559" }, { "LW", "S-1-16-4096" },
        { "ME", "S-1-16-8192" },  { "MP", "S-1-16-8448" },  { "MS", "S-1-5-32-577" },
        { "MU", "S-1-5-32-558" }, { "NO", "S-1-5-32-556" }, { "NS", "S-1-5-20" },
        { "NU", "S-1-5-2" },      { "OW", "S-1-3-4" },      { "PO", "S-1-5-32-550" },
        { "PS", "S-1-5-10" },     { "PU", "S-1-5-32-547" }, { "RA", "S-1-5-32-575" },
        { "RC", "S-1-5-12" },     { "RD", "S-1-5-32-555" }, { "RE", "S-1-5-32-552" },
        { "RM", "S-1-5-32-580" }, { "RU", "S-1-5-32-554" }, { "SI", "S-1-16-16384" },
        { "SO", "S-1-5-32-549" }, { "SS", "S-1-18-2" },     { "SU", "S-1-5-6" },
        { "SY", "S-1-5-18" },     { "UD", "S-1-5-84-0-0-0-0-0" }, { "WD", "S-1-1-0" },
        { "WR", "S-1-5-33" },
    };
    for (size_t i = 0; i < RTL_NUMBER_OF(Aliases); i++) {
        WCHAR Text[64];
        char Sid[64];
        PSECURITY_DESCRIPTOR Sd;
        int n = 0;
        for (const char *p = "D:(A;;GA;;;"; *p; p++)
            Text[n++] = (WCHAR)*p;
        Text[n++] = (WCHAR)Aliases[i].Alias[0];
        Text[n++] = (WCHAR)Aliases[i].Alias[1];
        Text[n++] = L')';
        Text[n] = 0;
        CHECK_EQ(Parse(Text, &Sd), STATUS_SUCCESS);
        if (Sd) {
            CHECK_STR(SidText(&AceOf(DaclOf(Sd), 0)->SidStart, Sid, sizeof Sid), Aliases[i].Sid);
            SepFreeSecurityDescriptor(Sd);
        }
    }
}

/* ---- malformed strings ------------------------------------------------------ */

static void TestMalformed(void)
{
    static const struct {
        PCWSTR Text;
        NTSTATUS Status;
    } Bad[] = {
        /* no DACL, or unknown parts */
        { L"", STATUS_INVALID_PARAMETER },
        { L"   ", STATUS_INVALID_PARAMETER },
        { L"O:BA", STATUS_INVALID_PARAMETER },
        { L"X:P", STATUS_INVALID_PARAMETER },
        { L"d:P(A;;GA;;;SY)", STATUS_INVALID_PARAMETER },       /* section letters are upper case */
        { L"D:p(A;;GA;;;SY)", STATUS_INVALID_PARAMETER },       /* and so are DACL flags */
        { L"D:PX(A;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P S:(AU;SA;GA;;;WD)", STATUS_INVALID_PARAMETER }, /* no SACLs on devices */
        { L"D:PD:P", STATUS_INVALID_PARAMETER },
        { L"O:BAO:SYD:P", STATUS_INVALID_PARAMETER },
        { L"G:BAG:SYD:P", STATUS_INVALID_PARAMETER },
        { L"D:NO_ACCESS_CONTROL(A;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        /* ACE type, flags, rights, GUIDs, resource attributes */
        { L"D:P(X;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(AU;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(OA;;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(ML;;NW;;;LW)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;XX;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;C;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;QQ;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;G;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;0xZZ;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;0x100000000;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;4294967296;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;0x1GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;bf967aba-0de6-11d0-a285-00aa003049e2;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;;x;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;;SY)", STATUS_INVALID_PARAMETER },         /* a separator short */
        { L"D:P(A;GA;;;SY)", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;;;SY;(\"x\",TU,0,1))", STATUS_INVALID_PARAMETER },
        /* trailing junk */
        { L"D:P(A;;GA;;;SY)junk", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;;;SY))", STATUS_INVALID_PARAMETER },
        { L"D:P(A;;GA;;;SY)(", STATUS_INVALID_PARAMETER },
        /* SIDs the kernel parser cannot map */
        { L"D:P(A;;GA;;;XY)", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;DA)", STATUS_NONE_MAPPED },               /* domain-relative: no domain */
        { L"D:P(A;;GA;;;S-2-5-18)", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;S-1-5-)", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;S-1-0x1000000000000-1)", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16)", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;S-1-5-4294967296)", STATUS_NONE_MAPPED },
        { L"O:ZZD:P", STATUS_NONE_MAPPED },
        { L"D:P(A;;GA;;;", STATUS_NONE_MAPPED },                  /* no SID at all */
        { L"O:D:P", STATUS_NONE_MAPPED },
        /* an ACE not closed after its SID */
        { L"D:P(A;;GA;;;SY", STATUS_INVALID_ACL },
        { L"D:P(A;;GA;;;SY(A;;GR;;;WD)", STATUS_INVALID_ACL },
        { L"D:P(A;;GA;;;SYX)", STATUS_INVALID_ACL },
        { L"D:P(A;;GA;;;S-1-5-18x)", STATUS_INVALID_ACL },
    };
    LONG64 Before = SeSdBytesInUse();

    for (size_t i = 0; i < RTL_NUMBER_OF(Bad); i++) {
        PSECURITY_DESCRIPTOR Sd = (PSECURITY_DESCRIPTOR)(ULONG_PTR)1;
        NTSTATUS Expected = Bad[i].Status;
        NTSTATUS Status = Parse(Bad[i].Text, &Sd);
        if (Status != Expected)
            fprintf(stderr, "  (malformed string #%zu)\n", i);
        CHECK_EQ(Status, Expected);
        CHECK(Sd == NULL);
    }

    /* Bad arguments. */
    PSECURITY_DESCRIPTOR Sd = (PSECURITY_DESCRIPTOR)(ULONG_PTR)1;
    UNICODE_STRING Odd = { 3, 4, (PWCH)L"D:" };
    UNICODE_STRING NoBuffer = { 4, 4, NULL };
    CHECK_EQ(SepSddlToSecurityDescriptor(NULL, &Sd), STATUS_INVALID_PARAMETER);
    CHECK(Sd == NULL);
    CHECK_EQ(SepSddlToSecurityDescriptor(&SDDL_DEVOBJ_SYS_ALL, NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(SepSddlToSecurityDescriptor(&Odd, &Sd), STATUS_INVALID_PARAMETER);
    CHECK_EQ(SepSddlToSecurityDescriptor(&NoBuffer, &Sd), STATUS_INVALID_PARAMETER);
    /* A NUL inside the counted string is not the end of it. */
    CHECK_EQ(ParseN(L"D:P\0(A;;GA;;;SY)", 16, &Sd), STATUS_INVALID_PARAMETER);

    /* Nothing was left allocated by the failures. */
    CHECK_EQ(SeSdBytesInUse(), Before);
}

/* The largest DACL a string can describe: a counted string holds at most
 * 32767 characters, and the biggest ACE per character is one whose SID
 * has fifteen one-digit sub-authorities (43 characters, 76 bytes). */
static void TestLargeDacl(void)
{
    static const char Ace[] = "(A;;;;;S-1-1" "-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1" ")";
    const int AceChars = (int)sizeof Ace - 1, Count = (UNICODE_STRING_MAX_CHARS - 2) / AceChars;

    CHECK_EQ(AceChars, 43);
    WCHAR *Text = malloc(UNICODE_STRING_MAX_BYTES);
    PSECURITY_DESCRIPTOR Sd;
    int n = 0;

    Text[n++] = L'D';
    Text[n++] = L':';
    for (int i = 0; i < Count; i++)
        for (const char *p = Ace; *p; p++)
            Text[n++] = (WCHAR)*p;
    CHECK_EQ(ParseN(Text, (USHORT)n, &Sd), STATUS_SUCCESS);
    if (Sd) {
        char Sid[96];
        CHECK_EQ(DaclOf(Sd)->AceCount, Count);
        CHECK_EQ(DaclOf(Sd)->AclSize, sizeof(ACL) + Count * 76);
        CHECK_STR(SidText(&AceOf(DaclOf(Sd), Count - 1)->SidStart, Sid, sizeof Sid),
                  "S-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1");
        SepFreeSecurityDescriptor(Sd);
    }
    free(Text);
}

int main(void)
{
    LONG64 Before = SeSdBytesInUse();

    TestDevobjConstants();
    TestHandWritten();
    TestSidAliases();
    TestMalformed();
    TestLargeDacl();
    CHECK_EQ(SeSdBytesInUse(), Before);
    return test_summary("test_sddl");
}
