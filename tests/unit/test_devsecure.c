/*
 * tests/unit/test_devsecure.c - a device's security really enforced:
 * IoCreateDeviceSecure (kernel/se/devsecure.c) and the access check made
 * when a device is opened (kernel/se/accesschk.c, token.c).
 *
 * The suite runs as root, so the standard-user caller is played through
 * SepSetTestIdentity(FALSE).  Checks: each SDDL_DEVOBJ_* descriptor for
 * root and a standard user; kernel-mode requests; NULL descriptors, NULL
 * and empty DACLs; deny ACEs before and after allow ACEs; MAXIMUM_ALLOWED;
 * the owner's implicit rights and OWNER RIGHTS; INHERIT_ONLY ACEs;
 * ACCESS_SYSTEM_SECURITY; absolute descriptors and damaged ACLs; then
 * IoCreateDeviceSecure's device, descriptor and bad inputs.
 */
#include <signal.h>

#include "kmtest.h"
#include <wdmsec.h>
#include "se/sep.h"
#include "ex/ex.h"

static GENERIC_MAPPING FileMapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                                       FILE_ALL_ACCESS };

static LONG64 SeSdBytesInUse(void)
{
    EXP_TAG_STATS Stats[512];
    ULONG n = ExpQueryPoolTags(Stats, 512);
    for (ULONG i = 0; i < n; i++)
        if (Stats[i].Tag == SEP_DESCRIPTOR_TAG)
            return Stats[i].BytesInUse;
    return 0;
}

static PSECURITY_DESCRIPTOR Sd(PCWSTR Text)
{
    UNICODE_STRING S;
    PSECURITY_DESCRIPTOR D = NULL;
    RtlInitUnicodeString(&S, Text);
    CHECK_EQ(SepSddlToSecurityDescriptor(&S, &D), STATUS_SUCCESS);
    return D;
}

static PSECURITY_DESCRIPTOR SdOf(const UNICODE_STRING *Text)
{
    PSECURITY_DESCRIPTOR D = NULL;
    CHECK_EQ(SepSddlToSecurityDescriptor(Text, &D), STATUS_SUCCESS);
    return D;
}

/* The caller asks Desired of D from user mode: the status, and what it got. */
static NTSTATUS Check(PSECURITY_DESCRIPTOR D, ACCESS_MASK Desired, ACCESS_MASK *Granted)
{
    ACCESS_MASK G = 0xDEADBEEF;
    NTSTATUS Status = SepAccessCheck(D, Desired, &FileMapping, UserMode, &G);
    if (!NT_SUCCESS(Status))
        CHECK_EQ(G, 0);
    if (Granted)
        *Granted = G;
    return Status;
}

#define CHECK_GRANTS(D, Desired, Expected)                              \
    do {                                                                \
        ACCESS_MASK G_;                                                 \
        CHECK_EQ(Check((D), (Desired), &G_), STATUS_SUCCESS);           \
        CHECK_EQ(G_, (Expected));                                       \
    } while (0)
#define CHECK_DENIES(D, Desired) CHECK_EQ(Check((D), (Desired), NULL), STATUS_ACCESS_DENIED)

#define FGR FILE_GENERIC_READ
#define FGW FILE_GENERIC_WRITE
#define FGX FILE_GENERIC_EXECUTE

/* ---- the default descriptors, root and a standard user -------------------- */

static void TestDevobjDescriptors(void)
{
    PSECURITY_DESCRIPTOR KernelOnly = SdOf(&SDDL_DEVOBJ_KERNEL_ONLY);
    PSECURITY_DESCRIPTOR SysAll = SdOf(&SDDL_DEVOBJ_SYS_ALL);
    PSECURITY_DESCRIPTOR AdmAll = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    PSECURITY_DESCRIPTOR AdmRx = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_RX);
    PSECURITY_DESCRIPTOR WorldR = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R);
    PSECURITY_DESCRIPTOR WorldRResR = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    PSECURITY_DESCRIPTOR WorldRw = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    PSECURITY_DESCRIPTOR WorldRwx = SdOf(&SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX);

    /* root: SYSTEM and an administrator. */
    SepSetTestIdentity(TRUE);
    CHECK_DENIES(KernelOnly, GENERIC_READ);
    CHECK_DENIES(KernelOnly, MAXIMUM_ALLOWED);
    CHECK_DENIES(KernelOnly, SYNCHRONIZE);
    CHECK_GRANTS(SysAll, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(SysAll, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);
    CHECK_GRANTS(SysAll, GENERIC_READ | GENERIC_WRITE, FGR | FGW);
    CHECK_GRANTS(AdmAll, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(AdmRx, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(WorldR, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(WorldR, WRITE_DAC | DELETE, WRITE_DAC | DELETE);
    CHECK_GRANTS(WorldRwx, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);

    /* A standard user: Users, Everyone, Authenticated Users, Interactive. */
    SepSetTestIdentity(FALSE);
    CHECK_DENIES(KernelOnly, GENERIC_READ);
    CHECK_DENIES(KernelOnly, MAXIMUM_ALLOWED);
    CHECK_DENIES(SysAll, GENERIC_READ);
    CHECK_DENIES(SysAll, SYNCHRONIZE);
    CHECK_DENIES(SysAll, MAXIMUM_ALLOWED);
    CHECK_DENIES(AdmAll, GENERIC_READ);
    CHECK_DENIES(AdmRx, GENERIC_READ);
    /* WORLD_R: reads, nothing more. */
    CHECK_GRANTS(WorldR, GENERIC_READ, FGR);
    CHECK_GRANTS(WorldR, FILE_READ_DATA | SYNCHRONIZE, FILE_READ_DATA | SYNCHRONIZE);
    CHECK_GRANTS(WorldR, MAXIMUM_ALLOWED, FGR);
    CHECK_GRANTS(WorldR, MAXIMUM_ALLOWED | GENERIC_READ, FGR);
    CHECK_DENIES(WorldR, GENERIC_WRITE);
    CHECK_DENIES(WorldR, GENERIC_READ | GENERIC_WRITE);
    CHECK_DENIES(WorldR, FILE_WRITE_DATA);
    CHECK_DENIES(WorldR, GENERIC_EXECUTE);
    CHECK_DENIES(WorldR, WRITE_DAC);
    CHECK_DENIES(WorldR, DELETE);
    CHECK_DENIES(WorldR, MAXIMUM_ALLOWED | FILE_WRITE_DATA);
    /* The standard user holds no RESTRICTED SID: RC ACEs change nothing. */
    CHECK_GRANTS(WorldRResR, GENERIC_READ, FGR);
    CHECK_DENIES(WorldRResR, GENERIC_WRITE);
    /* WORLD_RW: reads and writes, not execute (traverse) or standard rights. */
    CHECK_GRANTS(WorldRw, GENERIC_READ | GENERIC_WRITE, FGR | FGW);
    CHECK_GRANTS(WorldRw, MAXIMUM_ALLOWED, FGR | FGW);
    CHECK_DENIES(WorldRw, GENERIC_EXECUTE);
    CHECK_DENIES(WorldRw, GENERIC_ALL);
    /* WORLD_RWX: read, write, execute; still not WRITE_DAC or DELETE. */
    CHECK_GRANTS(WorldRwx, GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE, FGR | FGW | FGX);
    CHECK_GRANTS(WorldRwx, MAXIMUM_ALLOWED, FGR | FGW | FGX);
    CHECK_DENIES(WorldRwx, GENERIC_ALL);
    CHECK_DENIES(WorldRwx, WRITE_DAC);

    /* Kernel mode is not checked, whoever the process is. */
    ACCESS_MASK G;
    CHECK_EQ(SepAccessCheck(KernelOnly, GENERIC_READ, &FileMapping, KernelMode, &G), STATUS_SUCCESS);
    CHECK_EQ(G, FGR);
    CHECK_EQ(SepAccessCheck(KernelOnly, MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY, &FileMapping,
                            KernelMode, &G),
             STATUS_SUCCESS);
    CHECK_EQ(G, FILE_ALL_ACCESS | ACCESS_SYSTEM_SECURITY);

    /* Nor is an object without security. */
    CHECK_GRANTS(NULL, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(NULL, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);
    CHECK_GRANTS(NULL, 0, 0);

    /* Asking for nothing gets nothing; ACCESS_SYSTEM_SECURITY needs a
     * privilege no token has enabled. */
    CHECK_DENIES(WorldRwx, 0);
    CHECK_EQ(Check(WorldRwx, ACCESS_SYSTEM_SECURITY, NULL), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(Check(WorldRwx, GENERIC_READ | ACCESS_SYSTEM_SECURITY, NULL), STATUS_PRIVILEGE_NOT_HELD);
    SepSetTestIdentity(TRUE);
    CHECK_EQ(Check(SysAll, ACCESS_SYSTEM_SECURITY, NULL), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_DENIES(SysAll, 0);

    SepFreeSecurityDescriptor(KernelOnly);
    SepFreeSecurityDescriptor(SysAll);
    SepFreeSecurityDescriptor(AdmAll);
    SepFreeSecurityDescriptor(AdmRx);
    SepFreeSecurityDescriptor(WorldR);
    SepFreeSecurityDescriptor(WorldRResR);
    SepFreeSecurityDescriptor(WorldRw);
    SepFreeSecurityDescriptor(WorldRwx);
}

/* ---- DACL semantics ------------------------------------------------------ */

static void TestDaclSemantics(void)
{
    PSECURITY_DESCRIPTOR D;

    SepSetTestIdentity(FALSE);

    /* NULL DACL: everything; empty DACL: nothing. */
    D = Sd(L"D:NO_ACCESS_CONTROL");
    CHECK_GRANTS(D, GENERIC_ALL, FILE_ALL_ACCESS);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED | FILE_READ_DATA, FILE_ALL_ACCESS);
    CHECK_GRANTS(D, DELETE, DELETE);
    CHECK_DENIES(D, 0);
    SepFreeSecurityDescriptor(D);
    D = Sd(L"D:");
    CHECK_DENIES(D, FILE_READ_DATA);
    CHECK_DENIES(D, MAXIMUM_ALLOWED);
    SepFreeSecurityDescriptor(D);

    /* A deny ACE before the allow: the denied bit is refused, the rest given. */
    D = Sd(L"D:(D;;0x2;;;WD)(A;;FA;;;WD)");
    CHECK_GRANTS(D, FILE_READ_DATA, FILE_READ_DATA);
    CHECK_DENIES(D, FILE_WRITE_DATA);
    CHECK_DENIES(D, FILE_READ_DATA | FILE_WRITE_DATA);
    CHECK_DENIES(D, GENERIC_WRITE);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_ALL_ACCESS & ~FILE_WRITE_DATA);
    CHECK_DENIES(D, MAXIMUM_ALLOWED | FILE_WRITE_DATA);
    SepFreeSecurityDescriptor(D);

    /* The same ACEs the other way round: the allow decides first. */
    D = Sd(L"D:(A;;FA;;;WD)(D;;0x2;;;WD)");
    CHECK_GRANTS(D, FILE_WRITE_DATA, FILE_WRITE_DATA);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);
    SepFreeSecurityDescriptor(D);

    /* A deny ACE only counts for bits still wanted. */
    D = Sd(L"D:(A;;0x1;;;WD)(D;;0x1;;;WD)(A;;0x2;;;WD)(D;;0x4;;;WD)(A;;0x4;;;WD)");
    CHECK_GRANTS(D, 0x3, 0x3);
    CHECK_DENIES(D, 0x4);
    CHECK_DENIES(D, 0x7);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, 0x3);
    SepFreeSecurityDescriptor(D);

    /* Deny ACEs for SIDs the caller lacks are no obstacle - and the other
     * way round for root. */
    D = Sd(L"D:(D;;FA;;;BA)(D;;GA;;;SY)(A;;FA;;;WD)");
    CHECK_GRANTS(D, GENERIC_ALL, FILE_ALL_ACCESS);
    SepSetTestIdentity(TRUE);
    CHECK_DENIES(D, FILE_READ_DATA);
    CHECK_DENIES(D, MAXIMUM_ALLOWED);
    SepSetTestIdentity(FALSE);
    SepFreeSecurityDescriptor(D);

    /* Each of the standard user's SIDs is honoured, and only those. */
    static const PCWSTR Mine[] = { L"D:(A;;FA;;;BU)", L"D:(A;;FA;;;WD)", L"D:(A;;FA;;;AU)",
                                   L"D:(A;;FA;;;IU)", L"D:(A;;FA;;;S-1-5-32-545)" };
    static const PCWSTR NotMine[] = { L"D:(A;;FA;;;SY)", L"D:(A;;FA;;;BA)", L"D:(A;;FA;;;BG)",
                                      L"D:(A;;FA;;;AN)", L"D:(A;;FA;;;RC)", L"D:(A;;FA;;;NU)",
                                      L"D:(A;;FA;;;LS)", L"D:(A;;FA;;;CO)", L"D:(A;;FA;;;OW)" };
    for (size_t i = 0; i < RTL_NUMBER_OF(Mine); i++) {
        D = Sd(Mine[i]);
        CHECK_GRANTS(D, GENERIC_ALL, FILE_ALL_ACCESS);
        SepFreeSecurityDescriptor(D);
    }
    for (size_t i = 0; i < RTL_NUMBER_OF(NotMine); i++) {
        D = Sd(NotMine[i]);
        CHECK_DENIES(D, FILE_READ_DATA);
        SepFreeSecurityDescriptor(D);
    }
    /* And root's. */
    SepSetTestIdentity(TRUE);
    static const PCWSTR Root[] = { L"D:(A;;FA;;;SY)", L"D:(A;;FA;;;BA)", L"D:(A;;FA;;;WD)",
                                   L"D:(A;;FA;;;AU)" };
    static const PCWSTR NotRoot[] = { L"D:(A;;FA;;;BU)", L"D:(A;;FA;;;IU)", L"D:(A;;FA;;;LS)" };
    for (size_t i = 0; i < RTL_NUMBER_OF(Root); i++) {
        D = Sd(Root[i]);
        CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_ALL_ACCESS);
        SepFreeSecurityDescriptor(D);
    }
    for (size_t i = 0; i < RTL_NUMBER_OF(NotRoot); i++) {
        D = Sd(NotRoot[i]);
        CHECK_DENIES(D, FILE_READ_DATA);
        SepFreeSecurityDescriptor(D);
    }
    SepSetTestIdentity(FALSE);

    /* Generic rights in ACEs are mapped like the request. */
    D = Sd(L"D:(A;;GR;;;WD)(A;;0x2;;;WD)");
    CHECK_GRANTS(D, FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_WRITE_DATA,
                 FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_WRITE_DATA);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FGR | FILE_WRITE_DATA);
    SepFreeSecurityDescriptor(D);

    /* INHERIT_ONLY ACEs are for children, not for this object. */
    D = Sd(L"D:(A;IO;FA;;;WD)");
    CHECK_DENIES(D, FILE_READ_DATA);
    CHECK_DENIES(D, MAXIMUM_ALLOWED);
    SepFreeSecurityDescriptor(D);
    D = Sd(L"D:(D;CIOIIO;FA;;;WD)(A;CI;FA;;;WD)");
    CHECK_GRANTS(D, GENERIC_ALL, FILE_ALL_ACCESS);
    SepFreeSecurityDescriptor(D);

    /* ACCESS_SYSTEM_SECURITY is never granted by an ACE; MAXIMUM_ALLOWED
     * in an ACE's mask is not a right. */
    D = Sd(L"D:(A;;0x03000001;;;WD)");
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_READ_DATA);
    CHECK_EQ(Check(D, ACCESS_SYSTEM_SECURITY, NULL), STATUS_PRIVILEGE_NOT_HELD);
    SepFreeSecurityDescriptor(D);
}

/* ---- the owner ----------------------------------------------------------- */

static void TestOwner(void)
{
    PSECURITY_DESCRIPTOR D;

    SepSetTestIdentity(FALSE);
    /* Owned by a group the user is in: READ_CONTROL and WRITE_DAC even with
     * an empty DACL, nothing else. */
    D = Sd(L"O:BUD:");
    CHECK_GRANTS(D, READ_CONTROL, READ_CONTROL);
    CHECK_GRANTS(D, WRITE_DAC, WRITE_DAC);
    CHECK_GRANTS(D, READ_CONTROL | WRITE_DAC, READ_CONTROL | WRITE_DAC);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, READ_CONTROL | WRITE_DAC);
    CHECK_DENIES(D, READ_CONTROL | FILE_READ_DATA);
    CHECK_DENIES(D, WRITE_OWNER);
    CHECK_DENIES(D, MAXIMUM_ALLOWED | FILE_READ_DATA);
    SepSetTestIdentity(TRUE); /* root is not in Users */
    CHECK_DENIES(D, READ_CONTROL);
    SepSetTestIdentity(FALSE);
    SepFreeSecurityDescriptor(D);

    /* The owner's implicit rights add to what the DACL gives - even past a
     * deny ACE, which cannot take them away. */
    D = Sd(L"O:WDD:(D;;RCWD;;;WD)(A;;0x1;;;WD)");
    CHECK_GRANTS(D, READ_CONTROL | WRITE_DAC | FILE_READ_DATA, READ_CONTROL | WRITE_DAC | FILE_READ_DATA);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, READ_CONTROL | WRITE_DAC | FILE_READ_DATA);
    SepFreeSecurityDescriptor(D);

    /* An OWNER RIGHTS ACE replaces the implicit rights with its own. */
    D = Sd(L"O:BUD:(A;;0x1;;;OW)");
    CHECK_DENIES(D, READ_CONTROL);
    CHECK_DENIES(D, WRITE_DAC);
    CHECK_GRANTS(D, FILE_READ_DATA, FILE_READ_DATA);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_READ_DATA);
    SepSetTestIdentity(TRUE); /* OWNER RIGHTS is nobody but the owner */
    CHECK_DENIES(D, FILE_READ_DATA);
    SepSetTestIdentity(FALSE);
    SepFreeSecurityDescriptor(D);
    D = Sd(L"O:BUD:(A;;FA;;;WD)(D;;RC;;;OW)");
    CHECK_GRANTS(D, READ_CONTROL, READ_CONTROL);     /* allowed by Everyone first */
    SepFreeSecurityDescriptor(D);
    D = Sd(L"O:BUD:(D;;RC;;;OW)(A;;FA;;;WD)");
    CHECK_DENIES(D, READ_CONTROL);
    CHECK_GRANTS(D, MAXIMUM_ALLOWED, FILE_ALL_ACCESS & ~READ_CONTROL);
    SepFreeSecurityDescriptor(D);
    /* An inherit-only OWNER RIGHTS ACE does not count. */
    D = Sd(L"O:BUD:(A;IO;0x1;;;OW)");
    CHECK_GRANTS(D, READ_CONTROL, READ_CONTROL);
    SepFreeSecurityDescriptor(D);
}

/* ---- absolute descriptors, damaged ACLs ----------------------------------- */

static void TestAbsoluteAndDamaged(void)
{
    struct {
        ACL Acl;
        ACCESS_ALLOWED_ACE Ace; /* SidStart: the SID's first ULONG */
        ULONG SidRest[3];
    } Dacl;
    static const UCHAR UsersSid[16] = { 1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x21, 2, 0, 0 };
    SECURITY_DESCRIPTOR Abs;

    memset(&Dacl, 0, sizeof Dacl);
    Dacl.Acl.AclRevision = ACL_REVISION;
    Dacl.Acl.AclSize = sizeof Dacl;
    Dacl.Acl.AceCount = 1;
    Dacl.Ace.Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
    Dacl.Ace.Header.AceSize = (USHORT)(sizeof Dacl - sizeof(ACL));
    Dacl.Ace.Mask = GENERIC_READ;
    memcpy(&Dacl.Ace.SidStart, UsersSid, sizeof UsersSid);
    memset(&Abs, 0, sizeof Abs);
    Abs.Revision = SECURITY_DESCRIPTOR_REVISION;
    Abs.Control = SE_DACL_PRESENT;
    Abs.Dacl = &Dacl.Acl;

    SepSetTestIdentity(FALSE);
    CHECK_GRANTS(&Abs, GENERIC_READ, FGR);
    CHECK_DENIES(&Abs, FILE_WRITE_DATA);
    SepSetTestIdentity(TRUE);
    CHECK_DENIES(&Abs, FILE_READ_DATA);

    /* Absolute with the owner a pointer. */
    Abs.Owner = (PSID)UsersSid;
    SepSetTestIdentity(FALSE);
    CHECK_GRANTS(&Abs, MAXIMUM_ALLOWED, FGR | WRITE_DAC);

    /* No DACL at all (SE_DACL_PRESENT clear) is a NULL DACL. */
    Abs.Control = 0;
    CHECK_GRANTS(&Abs, GENERIC_ALL, FILE_ALL_ACCESS);
    Abs.Control = SE_DACL_PRESENT;
    Abs.Dacl = NULL;
    CHECK_GRANTS(&Abs, GENERIC_ALL, FILE_ALL_ACCESS);
    Abs.Dacl = &Dacl.Acl;

    /* Damaged ACLs fail closed. */
    Dacl.Ace.Header.AceSize = 0;
    CHECK_DENIES(&Abs, FILE_READ_DATA);
    Dacl.Ace.Header.AceSize = (USHORT)(sizeof Dacl - sizeof(ACL) + 4); /* past AclSize */
    CHECK_DENIES(&Abs, FILE_READ_DATA);
    Dacl.Ace.Header.AceSize = (USHORT)(sizeof Dacl - sizeof(ACL));
    ((PISID)&Dacl.Ace.SidStart)->SubAuthorityCount = 3; /* SID runs past the ACE */
    CHECK_DENIES(&Abs, FILE_READ_DATA);
    ((PISID)&Dacl.Ace.SidStart)->SubAuthorityCount = 2;
    Dacl.Acl.AclRevision = 9;
    CHECK_DENIES(&Abs, FILE_READ_DATA);
    Dacl.Acl.AclRevision = ACL_REVISION;
    Dacl.Acl.AceCount = 2; /* more ACEs than bytes */
    CHECK_DENIES(&Abs, FILE_READ_DATA);
    Dacl.Acl.AceCount = 1;
    CHECK_GRANTS(&Abs, FILE_READ_DATA, FILE_READ_DATA); /* repaired */
}

/* ---- the identity ------------------------------------------------------- */

static void TestIdentity(void)
{
    SEP_SUBJECT S;
    PSECURITY_DESCRIPTOR SysAll = SdOf(&SDDL_DEVOBJ_SYS_ALL);

    SepSetTestIdentity(TRUE);
    SepCaptureSubject(&S);
    CHECK_EQ(S.SidCount, 4);
    SepSetTestIdentity(FALSE);
    SepCaptureSubject(&S);
    CHECK_EQ(S.SidCount, 5); /* the user's own SID, Users, INTERACTIVE, Everyone, Authenticated Users */
    {
        ULONG Sub[5] = { SECURITY_NT_NON_UNIQUE, 0, 0, 0, 1000 + (ULONG)geteuid() };
        struct { UCHAR Rev, Count; SID_IDENTIFIER_AUTHORITY Auth; ULONG Sub[5]; } User;
        SepInitializeSid((PSID)&User, 5, 5, Sub);
        CHECK(SepSubjectHasSid(&S, (PSID)&User));
    }

    /* Back to the process's own identity: SYSTEM exactly when it is root. */
    SepResetTestIdentity();
    if (geteuid() == 0)
        CHECK_GRANTS(SysAll, GENERIC_ALL, FILE_ALL_ACCESS);
    else
        CHECK_DENIES(SysAll, GENERIC_READ);
    SepFreeSecurityDescriptor(SysAll);
}

/* ---- IoCreateDeviceSecure ------------------------------------------------ */

/* IoCreateDeviceSecure itself, under the name wdmsec.h hides. */
NTSTATUS KernelIoCreateDeviceSecure(PDRIVER_OBJECT, ULONG, PUNICODE_STRING, DEVICE_TYPE, ULONG, BOOLEAN,
                                    PCUNICODE_STRING, LPCGUID, PDEVICE_OBJECT *)
    __asm__("IoCreateDeviceSecure");

static const GUID TestClassGuid = { 0x6b0ef5e3, 0x9f5d, 0x4c61,
                                    { 0x8a, 0x3e, 0x1f, 0x02, 0xc4, 0x5d, 0x7b, 0x90 } };

/* Delete a device made here, whether or not IoDeleteDevice frees the
 * descriptor itself. */
static void DeleteSecureDevice(PDEVICE_OBJECT Device)
{
    PSECURITY_DESCRIPTOR D = Device->SecurityDescriptor;
    Device->SecurityDescriptor = NULL;
    IoDeleteDevice(Device);
    SepFreeSecurityDescriptor(D);
}

static BOOLEAN DriverHasDevice(PDRIVER_OBJECT Driver, PDEVICE_OBJECT Device)
{
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        if (D == Device)
            return TRUE;
    return FALSE;
}

static ULONG DeviceCount(PDRIVER_OBJECT Driver)
{
    ULONG n = 0;
    for (PDEVICE_OBJECT D = Driver->DeviceObject; D; D = D->NextDevice)
        n++;
    return n;
}

static void TestCreateDeviceSecure(PDRIVER_OBJECT Driver)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\NtioSeSecure");
    UNICODE_STRING Bad = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)junk");
    UNICODE_STRING BadSid = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;XX)");
    PDEVICE_OBJECT Device, Other;
    PVOID Found = NULL;
    LONG64 Before = SeSdBytesInUse();
    ULONG Devices = DeviceCount(Driver);

    /* A named device with the default descriptor for "everyone may read". */
    CHECK_EQ(IoCreateDeviceSecure(Driver, 64, &Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R, &TestClassGuid, &Device),
             STATUS_SUCCESS);
    if (!Device)
        return;
    CHECK(DriverHasDevice(Driver, Device));
    CHECK_EQ(Device->Type, IO_TYPE_DEVICE);
    CHECK(Device->DriverObject == Driver);
    CHECK_EQ(Device->DeviceType, FILE_DEVICE_UNKNOWN);
    CHECK_EQ(Device->Characteristics, FILE_DEVICE_SECURE_OPEN);
    CHECK(Device->Flags & DO_DEVICE_INITIALIZING);
    CHECK(Device->Flags & DO_DEVICE_HAS_NAME);
    CHECK(!(Device->Flags & DO_EXCLUSIVE));
    CHECK(Device->DeviceExtension != NULL);
    CHECK_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, IopDeviceObjectType, KernelMode, NULL,
                                     &Found),
             STATUS_SUCCESS);
    CHECK(Found == Device);
    if (Found)
        ObDereferenceObject(Found);

    /* Its descriptor: the string's, generic rights mapped to the device
     * type's specific rights as Windows stores them. */
    PISECURITY_DESCRIPTOR_RELATIVE Rel = Device->SecurityDescriptor;
    CHECK(Rel != NULL);
    if (Rel) {
        PACL Acl = (PACL)((PUCHAR)Rel + Rel->Dacl);
        PUCHAR Ace = (PUCHAR)(Acl + 1);
        static const ACCESS_MASK Masks[] = { FILE_ALL_ACCESS, FGR | FGW | FGX, FGR };
        CHECK_EQ(Rel->Control, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_PROTECTED);
        CHECK_EQ(Rel->Owner, 0);
        CHECK_EQ(Rel->Group, 0);
        CHECK_EQ(Acl->AceCount, 3);
        for (int i = 0; i < 3 && i < Acl->AceCount; i++) {
            CHECK_EQ(((PACCESS_ALLOWED_ACE)Ace)->Header.AceType, ACCESS_ALLOWED_ACE_TYPE);
            CHECK_EQ(((PACCESS_ALLOWED_ACE)Ace)->Mask, Masks[i]);
            Ace += ((PACE_HEADER)Ace)->AceSize;
        }
        CHECK(SeSdBytesInUse() > Before);
    }

    /* ... and it is enforced: a standard user may read, not write; SYSTEM
     * may do anything. */
    SepSetTestIdentity(FALSE);
    CHECK_GRANTS(Device->SecurityDescriptor, GENERIC_READ, FGR);
    CHECK_DENIES(Device->SecurityDescriptor, GENERIC_WRITE);
    CHECK_GRANTS(Device->SecurityDescriptor, MAXIMUM_ALLOWED, FGR);
    SepSetTestIdentity(TRUE);
    CHECK_GRANTS(Device->SecurityDescriptor, GENERIC_ALL, FILE_ALL_ACCESS);

    /* The name is taken: nothing is created and nothing leaks. */
    LONG64 WithOne = SeSdBytesInUse();
    Other = (PDEVICE_OBJECT)(ULONG_PTR)1;
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &SDDL_DEVOBJ_SYS_ALL, NULL,
                                  &Other),
             STATUS_OBJECT_NAME_COLLISION);
    CHECK(Other == NULL);
    CHECK_EQ(SeSdBytesInUse(), WithOne);
    CHECK_EQ(DeviceCount(Driver), Devices + 1);
    DeleteSecureDevice(Device);
    CHECK_EQ(SeSdBytesInUse(), Before);
    CHECK_EQ(DeviceCount(Driver), Devices);

    /* Exclusive, and the device characteristics passed through. */
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_NULL,
                                  FILE_DEVICE_SECURE_OPEN | FILE_READ_ONLY_DEVICE, TRUE,
                                  &SDDL_DEVOBJ_KERNEL_ONLY, &TestClassGuid, &Device),
             STATUS_SUCCESS);
    if (Device) {
        CHECK(Device->Flags & DO_EXCLUSIVE);
        CHECK_EQ(Device->DeviceType, FILE_DEVICE_NULL);
        CHECK_EQ(Device->Characteristics, FILE_DEVICE_SECURE_OPEN | FILE_READ_ONLY_DEVICE);
        CHECK_DENIES(Device->SecurityDescriptor, GENERIC_READ); /* kernel only: even root */
        DeleteSecureDevice(Device);
    }

    /* No name: allowed only with FILE_AUTOGENERATED_DEVICE_NAME. */
    Device = (PDEVICE_OBJECT)(ULONG_PTR)1;
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &SDDL_DEVOBJ_SYS_ALL, NULL,
                                  &Device),
             STATUS_INVALID_PARAMETER);
    CHECK(Device == NULL);
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_AUTOGENERATED_DEVICE_NAME, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL, NULL, &Device),
             STATUS_SUCCESS);
    if (Device) {
        CHECK(Device->SecurityDescriptor != NULL);
        CHECK(Device->Characteristics & FILE_AUTOGENERATED_DEVICE_NAME);
        DeleteSecureDevice(Device);
    }

    /* The SDDL string is required and must be good; a bad one creates no
     * device and leaves the name free. */
    Device = (PDEVICE_OBJECT)(ULONG_PTR)1;
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, NULL, NULL, &Device),
             STATUS_INVALID_PARAMETER);
    CHECK(Device == NULL);
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &Bad, NULL, &Device),
             STATUS_INVALID_PARAMETER);
    CHECK(Device == NULL);
    CHECK_EQ(IoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &BadSid, NULL, &Device),
             STATUS_NONE_MAPPED);
    CHECK(Device == NULL);
    CHECK_EQ(DeviceCount(Driver), Devices);
    CHECK_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, IopDeviceObjectType, KernelMode, NULL,
                                     &Found),
             STATUS_OBJECT_NAME_NOT_FOUND);
    /* A NULL driver object: as IoCreateDevice. */
    CHECK_EQ(IoCreateDeviceSecure(NULL, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &SDDL_DEVOBJ_SYS_ALL, NULL,
                                  &Device),
             STATUS_INVALID_PARAMETER);
    CHECK(Device == NULL);

    /* The kernel also exports the routine under its own name (what
     * wdmsec.h renames to WdmlibIoCreateDeviceSecure). */
    CHECK_EQ(KernelIoCreateDeviceSecure(Driver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE,
                                        &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &TestClassGuid, &Device),
             STATUS_SUCCESS);
    if (Device) {
        SepSetTestIdentity(FALSE);
        CHECK_DENIES(Device->SecurityDescriptor, GENERIC_READ);
        DeleteSecureDevice(Device);
    }
    CHECK_EQ(SeSdBytesInUse(), Before);
    SepSetTestIdentity(TRUE);
}

/* RtlInitUnicodeStringEx becomes the library's under wdmsec.h. */
static void TestInitUnicodeStringEx(void)
{
    UNICODE_STRING S;
    WCHAR *Long = malloc((UNICODE_STRING_MAX_CHARS + 1) * sizeof(WCHAR));

    CHECK_EQ(RtlInitUnicodeStringEx(&S, L"abc"), STATUS_SUCCESS);
    CHECK_EQ(S.Length, 6);
    CHECK_EQ(S.MaximumLength, 8);
    CHECK_EQ(WdmlibRtlInitUnicodeStringEx(&S, NULL), STATUS_SUCCESS);
    CHECK_EQ(S.Length, 0);
    CHECK(S.Buffer == NULL);
    for (int i = 0; i < UNICODE_STRING_MAX_CHARS; i++)
        Long[i] = L'x';
    Long[UNICODE_STRING_MAX_CHARS] = 0;
    CHECK_EQ(RtlInitUnicodeStringEx(&S, Long), STATUS_NAME_TOO_LONG);
    Long[UNICODE_STRING_MAX_CHARS - 1] = 0;
    CHECK_EQ(RtlInitUnicodeStringEx(&S, Long), STATUS_SUCCESS);
    CHECK_EQ(S.Length, (UNICODE_STRING_MAX_CHARS - 1) * sizeof(WCHAR));
    free(Long);
}

/* PASSIVE_LEVEL only: at DISPATCH_LEVEL it is a bug check (0xD1). */
static PDRIVER_OBJECT ChildDriver;
static void CreateAtDispatch(void)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\NtioSeDispatch");
    PDEVICE_OBJECT Device;
    KIRQL Old;
    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    IoCreateDeviceSecure(ChildDriver, 0, &Name, FILE_DEVICE_UNKNOWN, 0, FALSE, &SDDL_DEVOBJ_SYS_ALL, NULL,
                         &Device);
    KeLowerIrql(Old);
}

int main(void)
{
    LONG64 Before = SeSdBytesInUse();
    PDRIVER_OBJECT Driver = KmCreateDriver(NULL);

    TestDevobjDescriptors();
    TestDaclSemantics();
    TestOwner();
    TestAbsoluteAndDamaged();
    TestIdentity();
    SepSetTestIdentity(TRUE);
    TestCreateDeviceSecure(Driver);
    TestInitUnicodeStringEx();

    ChildDriver = Driver;
    int Status = KmRunChild(CreateAtDispatch);
    CHECK_DIED_OF(Status, SIGABRT);
    CHECK_HAS(KmReport, "0x000000D1");

    SepResetTestIdentity();
    CHECK_EQ(SeSdBytesInUse(), Before);
    return test_summary("test_devsecure");
}
