/*
 * test_loaddriver - NtLoadDriver, NtUnloadDriver, NtQueryDriverState and
 * their Zw forms: the service key (Type, ImagePath and its forms), the
 * images that are not drivers, DriverEntry failing, the driver object and
 * RegistryPath a driver gets, the deferred unload while files are open, a
 * fresh image on every load, and who may load drivers.  The images are the
 * ones tests/win/scm builds for this test (BUILD/tests/win/scm/ut_*.sys):
 * they take the DDIs from this program, which runs the kernel from its
 * static archive.
 */
#include "kmtest.h"
#include "ex/ex.h"
#include "se/sep.h"
#include "rtl/nls.h"
#include <ntio/ntsvc.h>

#include "../win/scm/scmtest.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#define SERVICES L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

static char Images[PATH_MAX + 16];   /* .../tests/win/scm/ (Linux) */
static WCHAR ImagesNt[PATH_MAX];   /* \??\Z:\...\tests\win\scm\ */

/* ---- helpers -------------------------------------------------------------- */

static void Utf8ToWide(PWCHAR Out, SIZE_T OutChars, const char *In)
{
    SIZE_T i = 0;
    for (; In[i] && i + 1 < OutChars; i++)
        Out[i] = (WCHAR)(unsigned char)In[i]; /* the build path is ASCII */
    Out[i] = 0;
}

static void WideCat(PWCHAR Out, SIZE_T OutChars, PCWSTR A, PCWSTR B)
{
    SIZE_T n = 0;
    for (; *A && n + 1 < OutChars; A++)
        Out[n++] = *A;
    for (; *B && n + 1 < OutChars; B++)
        Out[n++] = *B;
    Out[n] = 0;
}

static BOOLEAN WideEqual(PCWSTR A, PCWSTR B)
{
    while (*A && *A == *B)
        A++, B++;
    return *A == *B;
}

static HANDLE CreateKey(PCWSTR Path)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Key = NULL;
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    NTSTATUS Status = ZwCreateKey(&Key, KEY_ALL_ACCESS, &Attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    CHECK_EQ(Status, STATUS_SUCCESS);
    return NT_SUCCESS(Status) ? Key : NULL;
}

static void SetDword(HANDLE Key, PCWSTR Name, ULONG Value)
{
    UNICODE_STRING ValueName;
    RtlInitUnicodeString(&ValueName, Name);
    CHECK_EQ(ZwSetValueKey(Key, &ValueName, 0, REG_DWORD, &Value, sizeof Value), STATUS_SUCCESS);
}

static void SetString(HANDLE Key, PCWSTR Name, ULONG Type, PCWSTR Value)
{
    UNICODE_STRING ValueName;
    RtlInitUnicodeString(&ValueName, Name);
    CHECK_EQ(ZwSetValueKey(Key, &ValueName, 0, Type, (PVOID)Value,
                           (ULONG)((RtlpWcslen(Value) + 1) * sizeof(WCHAR))),
             STATUS_SUCCESS);
}

/* A service key Services\Name: Type (0: none) and ImagePath (NULL: none;
 * a name without a backslash: that image of the test directory). */
static void MakeService(PCWSTR Name, ULONG Type, PCWSTR ImagePath)
{
    WCHAR Path[512];
    WideCat(Path, RTL_NUMBER_OF(Path), SERVICES, Name);
    HANDLE Key = CreateKey(Path);
    if (!Key)
        return;
    if (Type)
        SetDword(Key, L"Type", Type);
    SetDword(Key, L"Start", SERVICE_DEMAND_START);
    if (ImagePath) {
        BOOLEAN Bare = TRUE;
        for (PCWSTR p = ImagePath; *p; p++)
            if (*p == L'\\')
                Bare = FALSE;
        WCHAR Full[PATH_MAX];
        if (Bare)
            WideCat(Full, RTL_NUMBER_OF(Full), ImagesNt, ImagePath);
        else
            WideCat(Full, RTL_NUMBER_OF(Full), L"", ImagePath);
        SetString(Key, L"ImagePath", REG_EXPAND_SZ, Full);
    }
    ZwClose(Key);
}

/* The NtLoadDriver argument for a service. */
typedef struct {
    UNICODE_STRING String;
    WCHAR Buffer[300];
} KEY_NAME;

static PUNICODE_STRING Key(KEY_NAME *K, PCWSTR Name)
{
    WideCat(K->Buffer, RTL_NUMBER_OF(K->Buffer), SERVICES, Name);
    RtlInitUnicodeString(&K->String, K->Buffer);
    return &K->String;
}

static ULONG State(PCWSTR Name)
{
    KEY_NAME K;
    ULONG Value = 0xdead;
    CHECK_EQ(NtQueryDriverState(Key(&K, Name), &Value), STATUS_SUCCESS);
    return Value;
}

static NTSTATUS Load(PCWSTR Name)
{
    KEY_NAME K;
    return NtLoadDriver(Key(&K, Name));
}

static NTSTATUS Unload(PCWSTR Name)
{
    KEY_NAME K;
    return NtUnloadDriver(Key(&K, Name));
}

/* A named object, referenced (NULL if there is none). */
static PVOID Lookup(PCWSTR Path, POBJECT_TYPE Type)
{
    UNICODE_STRING Name;
    PVOID Object = NULL;
    RtlInitUnicodeString(&Name, Path);
    if (!NT_SUCCESS(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, Type, KernelMode, NULL, &Object)))
        return NULL;
    return Object;
}

static BOOLEAN Exists(PCWSTR Path, POBJECT_TYPE Type)
{
    PVOID Object = Lookup(Path, Type);
    if (Object)
        ObDereferenceObject(Object);
    return Object != NULL;
}

static NTSTATUS OpenDevice(PCWSTR Path, PHANDLE Handle)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK Iosb;
    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(&Attributes, &Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtCreateFile(Handle, GENERIC_READ | SYNCHRONIZE, &Attributes, &Iosb, NULL, 0,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT,
                        NULL, 0);
}

/* What the scmtest driver of \Driver\Service saw in DriverEntry. */
static BOOLEAN DriverInfo(PCWSTR Service, PCWSTR Directory, SCMTEST_INFO *Info)
{
    WCHAR Path[300];
    WideCat(Path, RTL_NUMBER_OF(Path), Directory, Service);
    PDRIVER_OBJECT Driver = Lookup(Path, IopDriverObjectType);
    if (!Driver)
        return FALSE;
    BOOLEAN Ok = Driver->DeviceObject != NULL;
    if (Ok)
        *Info = *(SCMTEST_INFO *)Driver->DeviceObject->DeviceExtension;
    /* What the I/O manager set, as Windows does. */
    WCHAR Expected[300];
    WideCat(Expected, RTL_NUMBER_OF(Expected), Directory, Service);
    CHECK_EQ(Driver->DriverName.Length, RtlpWcslen(Expected) * sizeof(WCHAR));
    CHECK(!memcmp(Driver->DriverName.Buffer, Expected, Driver->DriverName.Length));
    UNICODE_STRING Name;
    RtlInitUnicodeString(&Name, Service);
    CHECK(RtlEqualUnicodeString(&Driver->DriverExtension->ServiceKeyName, &Name, FALSE));
    CHECK(Driver->DriverInit != NULL);
    CHECK(Driver->DriverStart != NULL && Driver->DriverSize > 0);
    ObDereferenceObject(Driver);
    return Ok;
}

/* ---- the tests -------------------------------------------------------------- */

static void TestWhoMayLoad(void)
{
    KEY_NAME K;
    ULONG Value;
    SepSetTestIdentity(FALSE); /* a standard user */
    CHECK_EQ(Load(L"ut_nosuch"), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(Unload(L"ut_nosuch"), STATUS_PRIVILEGE_NOT_HELD);
    /* The privilege is checked before the arguments, as on Windows. */
    CHECK_EQ(NtLoadDriver(NULL), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(NtQueryDriverState(Key(&K, L"ut_nosuch"), &Value), STATUS_SUCCESS);
    CHECK_EQ(Value, DRIVER_STATE_STOPPED);
    /* Kernel mode holds every privilege. */
    CHECK_EQ(ZwLoadDriver(Key(&K, L"ut_nosuch")), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(ZwUnloadDriver(Key(&K, L"ut_nosuch")), STATUS_OBJECT_NAME_NOT_FOUND);
    MakeService(L"ut_zw", SERVICE_KERNEL_DRIVER, L"ut_scmtest.sys");
    CHECK_EQ(ZwLoadDriver(Key(&K, L"ut_zw")), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_zw"), DRIVER_STATE_RUNNING);
    CHECK_EQ(Unload(L"ut_zw"), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_EQ(ZwUnloadDriver(Key(&K, L"ut_zw")), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_zw"), DRIVER_STATE_STOPPED);
    SepResetTestIdentity();
}

static void TestBadArguments(void)
{
    UNICODE_STRING Bad;
    ULONG Value;
    KEY_NAME K;
    CHECK_EQ(NtLoadDriver(NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtLoadDriver((PUNICODE_STRING)(ULONG_PTR)0x10), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtUnloadDriver((PUNICODE_STRING)(ULONG_PTR)0x10), STATUS_ACCESS_VIOLATION);
    Bad.Buffer = (PWSTR)(ULONG_PTR)0x20;
    Bad.Length = Bad.MaximumLength = 8;
    CHECK_EQ(NtLoadDriver(&Bad), STATUS_ACCESS_VIOLATION);
    Bad.Buffer = L"abc";
    Bad.Length = 3; /* odd */
    Bad.MaximumLength = 8;
    CHECK_EQ(NtLoadDriver(&Bad), STATUS_OBJECT_NAME_INVALID);
    Bad.Length = 0;
    CHECK_EQ(NtLoadDriver(&Bad), STATUS_OBJECT_NAME_INVALID);
    CHECK_EQ(NtQueryDriverState(Key(&K, L"ut_x"), NULL), STATUS_INVALID_PARAMETER);
    CHECK_EQ(NtQueryDriverState(Key(&K, L"ut_x"), (PULONG)(ULONG_PTR)0x30), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryDriverState(NULL, &Value), STATUS_ACCESS_VIOLATION);
}

static void TestServiceKeys(void)
{
    CHECK_EQ(Load(L"ut_nosuch"), STATUS_OBJECT_NAME_NOT_FOUND);
    CHECK_EQ(Unload(L"ut_nosuch"), STATUS_OBJECT_NAME_NOT_FOUND);
    MakeService(L"ut_notype", 0, L"ut_scmtest.sys");
    CHECK_EQ(Load(L"ut_notype"), STATUS_ILL_FORMED_SERVICE_ENTRY);
    MakeService(L"ut_win32", SERVICE_WIN32_OWN_PROCESS, L"ut_scmtest.sys");
    CHECK_EQ(Load(L"ut_win32"), STATUS_ILL_FORMED_SERVICE_ENTRY);
    MakeService(L"ut_badpath", SERVICE_KERNEL_DRIVER, NULL);
    WCHAR Path[300];
    WideCat(Path, RTL_NUMBER_OF(Path), SERVICES, L"ut_badpath");
    HANDLE K = CreateKey(Path);
    SetDword(K, L"ImagePath", 5); /* not a string */
    ZwClose(K);
    CHECK_EQ(Load(L"ut_badpath"), STATUS_ILL_FORMED_SERVICE_ENTRY);
    /* No such image, no such directory. */
    MakeService(L"ut_missing", SERVICE_KERNEL_DRIVER, L"nosuch.sys");
    CHECK_EQ(Load(L"ut_missing"), STATUS_OBJECT_NAME_NOT_FOUND);
    MakeService(L"ut_nodir", SERVICE_KERNEL_DRIVER, L"\\??\\Z:\\ntio-no-such-dir\\x.sys");
    CHECK_EQ(Load(L"ut_nodir"), STATUS_OBJECT_PATH_NOT_FOUND);
    /* Not driver images. */
    MakeService(L"ut_text", SERVICE_KERNEL_DRIVER, L"textfile.sys");
    CHECK_EQ(Load(L"ut_text"), STATUS_INVALID_IMAGE_FORMAT);
    MakeService(L"ut_noentry", SERVICE_KERNEL_DRIVER, L"ut_scmnoentry.sys");
    CHECK_EQ(Load(L"ut_noentry"), STATUS_INVALID_IMAGE_FORMAT);
    CHECK_EQ(State(L"ut_noentry"), DRIVER_STATE_STOPPED);
    CHECK(!Exists(L"\\Driver\\ut_noentry", IopDriverObjectType));
}

static void TestDriverEntryFails(void)
{
    MakeService(L"ut_fail", SERVICE_KERNEL_DRIVER, L"ut_scmfail.sys");
    CHECK_EQ(Load(L"ut_fail"), SCMFAIL_STATUS);
    /* Windows deletes the device it left and unloads the image. */
    CHECK(!Exists(L"\\Device\\ScmFail", IopDeviceObjectType));
    CHECK(!Exists(L"\\Driver\\ut_fail", IopDriverObjectType));
    CHECK_EQ(State(L"ut_fail"), DRIVER_STATE_STOPPED);
    CHECK_EQ(Load(L"ut_fail"), SCMFAIL_STATUS);
}

static void TestLoadUnload(void)
{
    SCMTEST_INFO Info;
    HANDLE First, Second;
    KEY_NAME K;

    MakeService(L"ut_good", SERVICE_KERNEL_DRIVER, L"ut_scmtest.sys");
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_STOPPED);
    /* DriverEntry gets the key path as the caller spelled it. */
    UNICODE_STRING Mixed;
    RtlInitUnicodeString(&Mixed, L"\\REGISTRY\\Machine\\SYSTEM\\CurrentControlSet\\Services\\ut_good");
    CHECK_EQ(NtLoadDriver(&Mixed), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_RUNNING);
    CHECK(DriverInfo(L"ut_good", L"\\Driver\\", &Info));
    CHECK(WideEqual(Info.RegistryPath, L"\\REGISTRY\\Machine\\SYSTEM\\CurrentControlSet\\Services\\ut_good"));
    CHECK(WideEqual(Info.ServiceKeyName, L"ut_good"));
    CHECK_EQ(Info.Loads, 1);
    CHECK_EQ(Load(L"ut_good"), STATUS_IMAGE_ALREADY_LOADED);
    CHECK_EQ(Load(L"UT_GOOD"), STATUS_IMAGE_ALREADY_LOADED);
    /* One image, one driver. */
    MakeService(L"ut_same", SERVICE_KERNEL_DRIVER, L"ut_scmtest.sys");
    CHECK_EQ(Load(L"ut_same"), STATUS_IMAGE_ALREADY_LOADED);
    CHECK_EQ(State(L"ut_same"), DRIVER_STATE_STOPPED);

    CHECK(Exists(L"\\Device\\ScmTest", IopDeviceObjectType));
    /* Files open: the unload waits for the last one. */
    CHECK_EQ(OpenDevice(L"\\Device\\ScmTest", &First), STATUS_SUCCESS);
    CHECK_EQ(OpenDevice(L"\\Device\\ScmTest", &Second), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_good"), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_UNLOAD_PENDING);
    CHECK(Exists(L"\\Driver\\ut_good", IopDriverObjectType));
    HANDLE Third;
    CHECK_EQ(OpenDevice(L"\\Device\\ScmTest", &Third), STATUS_NO_SUCH_DEVICE);
    CHECK_EQ(Unload(L"ut_good"), STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(Load(L"ut_good"), STATUS_IMAGE_ALREADY_LOADED);
    CHECK_EQ(NtClose(First), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_UNLOAD_PENDING);
    CHECK_EQ(NtClose(Second), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_STOPPED);
    CHECK(!Exists(L"\\Driver\\ut_good", IopDriverObjectType));
    CHECK(!Exists(L"\\Device\\ScmTest", IopDeviceObjectType));
    CHECK_EQ(Unload(L"ut_good"), STATUS_OBJECT_NAME_NOT_FOUND);

    /* Loaded again: a fresh image, whose globals start over. */
    CHECK_EQ(Load(L"ut_good"), STATUS_SUCCESS);
    CHECK(DriverInfo(L"ut_good", L"\\Driver\\", &Info));
    CHECK_EQ(Info.Loads, 1);
    CHECK(WideEqual(Info.RegistryPath, Key(&K, L"ut_good")->Buffer));
    CHECK_EQ(Unload(L"ut_good"), STATUS_SUCCESS); /* no file open: at once */
    CHECK_EQ(State(L"ut_good"), DRIVER_STATE_STOPPED);
    /* Now the other service may use the image. */
    CHECK_EQ(Load(L"ut_same"), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_same"), STATUS_SUCCESS);
}

static void TestNoUnload(void)
{
    MakeService(L"ut_nounload", SERVICE_KERNEL_DRIVER, L"ut_scmnounload.sys");
    CHECK_EQ(Load(L"ut_nounload"), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_nounload"), STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(State(L"ut_nounload"), DRIVER_STATE_RUNNING);
    HANDLE H;
    CHECK_EQ(OpenDevice(L"\\Device\\ScmNoUnload", &H), STATUS_SUCCESS); /* still serving */
    NtClose(H);
}

/* A driver that forgets its pool and its device in DriverUnload: both are
 * reported at the unload; the image stays mapped (the device could still
 * be called), so the service cannot start again in this process. */
static void TestLeaks(void)
{
    MakeService(L"ut_leak", SERVICE_KERNEL_DRIVER, L"ut_scmleak.sys");
    CHECK_EQ(Load(L"ut_leak"), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_leak"), STATUS_SUCCESS);
    CHECK_EQ(State(L"ut_leak"), DRIVER_STATE_STOPPED);
    CHECK(!Exists(L"\\Driver\\ut_leak", IopDriverObjectType));
    CHECK_EQ(Load(L"ut_leak"), STATUS_IMAGE_ALREADY_LOADED);
}

static void TestImagePaths(void)
{
    SCMTEST_INFO Info;
    /* No ImagePath: \SystemRoot\System32\drivers\NAME.sys. */
    char Drivers[PATH_MAX], Command[4 * PATH_MAX];
    ExpPrefixPath(Drivers, sizeof Drivers, "drive_c/windows/system32/drivers");
    snprintf(Command, sizeof Command, "mkdir -p '%s' && cp '%sut_scmtest2.sys' '%s/ut_default.sys'",
             Drivers, Images, Drivers);
    CHECK_EQ(system(Command), 0);
    MakeService(L"ut_default", SERVICE_KERNEL_DRIVER, NULL);
    CHECK_EQ(Load(L"ut_default"), STATUS_SUCCESS);
    CHECK(DriverInfo(L"ut_default", L"\\Driver\\", &Info));
    CHECK_EQ(Unload(L"ut_default"), STATUS_SUCCESS);
    /* Relative to \SystemRoot, and under \SystemRoot. */
    MakeService(L"ut_relative", SERVICE_KERNEL_DRIVER, L"System32\\DRIVERS\\ut_default.sys");
    CHECK_EQ(Load(L"ut_relative"), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_relative"), STATUS_SUCCESS);
    MakeService(L"ut_root", SERVICE_KERNEL_DRIVER, L"\\SystemRoot\\System32\\drivers\\ut_default.sys");
    CHECK_EQ(Load(L"ut_root"), STATUS_SUCCESS);
    CHECK_EQ(Unload(L"ut_root"), STATUS_SUCCESS);
    /* A file system driver's object is \FileSystem\NAME. */
    MakeService(L"ut_fs", SERVICE_FILE_SYSTEM_DRIVER, L"ut_scmtest.sys");
    CHECK_EQ(Load(L"ut_fs"), STATUS_SUCCESS);
    CHECK(DriverInfo(L"ut_fs", L"\\FileSystem\\", &Info));
    CHECK(!Exists(L"\\Driver\\ut_fs", IopDriverObjectType));
    CHECK_EQ(Unload(L"ut_fs"), STATUS_SUCCESS);
    CHECK(!Exists(L"\\FileSystem\\ut_fs", IopDriverObjectType));
}

int main(void)
{
    char Self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", Self, sizeof Self - 1);
    CHECK(n > 0);
    if (n <= 0)
        return test_summary("test_loaddriver");
    Self[n] = 0;
    *strrchr(Self, '/') = 0; /* BUILD/bin */
    *strrchr(Self, '/') = 0;
    snprintf(Images, sizeof Images, "%s/tests/win/scm/", Self);
    char Nt[PATH_MAX + 32];
    snprintf(Nt, sizeof Nt, "\\??\\Z:%s", Images);
    for (char *p = Nt; *p; p++)
        if (*p == '/')
            *p = '\\';
    Utf8ToWide(ImagesNt, RTL_NUMBER_OF(ImagesNt), Nt);
    struct stat St;
    char Probe[PATH_MAX + 64];
    snprintf(Probe, sizeof Probe, "%sut_scmtest.sys", Images);
    CHECK(stat(Probe, &St) == 0); /* built by tests/win/scm */

    /* The Services key chain, as a fresh registry may not have it. */
    HANDLE K;
    if ((K = CreateKey(L"\\Registry\\Machine\\System")))
        ZwClose(K);
    if ((K = CreateKey(L"\\Registry\\Machine\\System\\CurrentControlSet")))
        ZwClose(K);
    if ((K = CreateKey(L"\\Registry\\Machine\\System\\CurrentControlSet\\Services")))
        ZwClose(K);

    /* What the kernel reports at unload (leaks) goes to stderr: keep it
     * to look for leaks at the end. */
    fflush(stderr);
    int SavedStderr = dup(2);
    FILE *Log = tmpfile();
    if (Log)
        dup2(fileno(Log), 2);

    TestWhoMayLoad();
    TestBadArguments();
    TestServiceKeys();
    TestDriverEntryFails();
    TestLoadUnload();
    TestNoUnload();
    TestImagePaths();
    TestLeaks();

    fflush(stderr);
    dup2(SavedStderr, 2);
    if (Log) {
        static char Text[1 << 16];
        rewind(Log);
        size_t Got = fread(Text, 1, sizeof Text - 1, Log);
        Text[Got] = 0;
        /* The leaking driver's two leaks, reported once, at its unload;
         * nothing else leaked. */
        int Leaks = 0;
        for (const char *p = Text; (p = strstr(p, "ntio: leak:")); p++)
            Leaks++;
        CHECK_EQ(Leaks, 2);
        CHECK(strstr(Text, "ntio: leak: ut_scmleak.sys did not delete device object \\Device\\ScmLeak") != NULL);
        CHECK(strstr(Text, "ntio: leak: ut_scmleak.sys did not free 48 bytes of pool, tag 'Leak'") != NULL);
        CHECK(strstr(Text, "ntio: 2 leaks reported at unload of ut_scmleak.sys") != NULL);
        CHECK(strstr(Text, "DriverEntry of ut_scmfail.sys failed") != NULL);
        /* The kernel's messages, shown when something went wrong (the
         * expected leak reports are not to alarm anyone otherwise). */
        if (ntio_test_failures)
            fputs(Text, stderr);
        fclose(Log);
    }
    return test_summary("test_loaddriver");
}
