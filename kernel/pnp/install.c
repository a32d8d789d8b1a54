/*
 * pnp/install.c - a new device nobody installed a driver for, matched in
 * the driver store.
 *
 * On Windows the PnP manager leaves such a device to user mode: the
 * Plug and Play service finds a staged driver package whose INF lists one
 * of the device's IDs (the driver store indexes them under
 * HKLM\DRIVERS\DriverDatabase\DeviceIds) and runs the device installer,
 * which writes the device's keys and starts it.  ntio's kernel shares its
 * process with user mode, so the same happens on an application thread of
 * its own: it looks the IDs up, and calls SetupAPI's installer
 * (libsetupapi.so, loaded next to the kernel) for the instance, as a
 * user-mode caller (the registry and SCM handles it makes are the
 * application's).  The installer starts the
 * device through NtPlugPlayControl like any user-mode caller; the PnP
 * worker never waits for it.
 */
#include "pnp.h"
#include "ex/ex.h"
#include "ps/ps.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define PP_DRIVER_DATABASE L"\\Registry\\Machine\\DRIVERS\\DriverDatabase\\"
#define PP_DEVICE_IDS_PATH PP_DRIVER_DATABASE L"DeviceIds\\"
#define INSTALLFLAG_NONINTERACTIVE 0x00000004

/* setupapip.h's InfpInstallDeviceInstance (BOOL is an int). */
typedef ULONG (*PINFP_INSTALL_DEVICE_INSTANCE)(PCWSTR InfPath, PCWSTR Instance, ULONG Flags,
                                               int *Reboot);

/* Installs running (PpWaitForInstalls lets them end before the process's
 * handles close at exit). */
static volatile LONG PpInstallsRunning;

typedef struct _PP_INSTALL {
    WCHAR Instance[PNP_INSTANCE_PATH_CHARS];
    WCHAR Inf[400];                 /* the package's INF in the FileRepository */
} PP_INSTALL, *PPP_INSTALL;

/* The INF to install from, for the staged oemN.inf Published: the package's
 * copy in the driver store's FileRepository, where its files are
 * (DriverInfFiles\oemN.inf names the package, DriverPackages\<package>
 * its FileRepository; the INF keeps its name, the package id's start). */
static BOOLEAN PpPackageInf(PCWSTR Published, PWSTR Inf, ULONG Chars)
{
    WCHAR Package[128], Repository[400];
    HANDLE Key;
    if (!NT_SUCCESS(PpOpenKey(PP_DRIVER_DATABASE L"DriverInfFiles\\", Published, KEY_READ, FALSE,
                              NULL, &Key)))
        return FALSE;
    NTSTATUS Status = PpQueryString(Key, L"", Package, RTL_NUMBER_OF(Package), NULL);
    ZwClose(Key);
    if (!NT_SUCCESS(Status) || !Package[0])
        return FALSE;
    if (!NT_SUCCESS(PpOpenKey(PP_DRIVER_DATABASE L"DriverPackages\\", Package, KEY_READ, FALSE,
                              NULL, &Key)))
        return FALSE;
    Status = PpQueryString(Key, L"FileRepository", Repository, RTL_NUMBER_OF(Repository), NULL);
    ZwClose(Key);
    if (!NT_SUCCESS(Status))
        return FALSE;
    /* The INF's own name: the package id up to "_amd64_". */
    ULONG r = (ULONG)RtlpWcslen(Repository), i = 0, n = 0;
    for (; i < r && n < Chars - 1; i++)
        Inf[n++] = Repository[i];
    if (n < Chars - 1)
        Inf[n++] = L'\\';
    for (PCWSTR p = Package; *p && n < Chars - 1; p++) {
        static const WCHAR Arch[] = L"_amd64_";
        ULONG k = 0;
        while (Arch[k] && p[k] == Arch[k])
            k++;
        if (!Arch[k])
            break;
        Inf[n++] = *p;
    }
    Inf[n] = 0;
    return n < Chars - 1;
}

/* The first staged INF that lists Id.  The driver store names an ID's key
 * after it lower-cased, with '#' for '\\' (win32/setupapi/driverstore.c). */
static BOOLEAN PpStoredInfFor(PCWSTR Id, PWSTR Inf, ULONG Chars)
{
    WCHAR Lower[PNP_INSTANCE_PATH_CHARS];
    HANDLE Key;
    ULONG n = 0;
    for (; Id[n] && n < RTL_NUMBER_OF(Lower) - 1; n++)
        Lower[n] = Id[n] == L'\\' ? L'#' : (Id[n] >= L'A' && Id[n] <= L'Z') ? Id[n] + 32 : Id[n];
    Lower[n] = 0;
    if (!NT_SUCCESS(PpOpenKey(PP_DEVICE_IDS_PATH, Lower, KEY_READ, FALSE, NULL, &Key)))
        return FALSE;
    UCHAR Buffer[sizeof(KEY_VALUE_BASIC_INFORMATION) + 128 * sizeof(WCHAR)];
    PKEY_VALUE_BASIC_INFORMATION Info = (PKEY_VALUE_BASIC_INFORMATION)Buffer;
    ULONG Length;
    BOOLEAN Found = FALSE;
    if (NT_SUCCESS(ZwEnumerateValueKey(Key, 0, KeyValueBasicInformation, Info,
                                       sizeof Buffer - sizeof(WCHAR), &Length))) {
        WCHAR Published[128];
        ULONG v = Info->NameLength / sizeof(WCHAR);
        if (v < RTL_NUMBER_OF(Published)) {
            memcpy(Published, Info->Name, v * sizeof(WCHAR));
            Published[v] = 0;
            Found = PpPackageInf(Published, Inf, Chars);
        }
    }
    ZwClose(Key);
    return Found;
}

static NTSTATUS NTAPI PpInstallThread(PVOID Context)
{
    PPP_INSTALL Install = Context;
    NTSTATUS Status = STATUS_SUCCESS;
    static PINFP_INSTALL_DEVICE_INSTANCE volatile InstallDevice;
    if (!InstallDevice) {
        /* libsetupapi.so is next to libntoskrnl.so. */
        Dl_info Self;
        char Path[4096];
        void *Lib = NULL;
        if (dladdr((void *)PpInstallThread, &Self) && Self.dli_fname) {
            snprintf(Path, sizeof Path, "%s", Self.dli_fname);
            char *Slash = strrchr(Path, '/');
            if (Slash) {
                snprintf(Slash + 1, sizeof Path - (size_t)(Slash + 1 - Path), "libsetupapi.so");
                Lib = dlopen(Path, RTLD_NOW | RTLD_GLOBAL);
            }
        }
        if (Lib)
            InstallDevice = (PINFP_INSTALL_DEVICE_INSTANCE)dlsym(Lib, "InfpInstallDeviceInstance");
        if (!InstallDevice) {
            DbgPrint("ntio: PnP: %ws has a driver in the driver store (%ws), but the device "
                     "installer (libsetupapi.so) is not available\n",
                     Install->Instance, Install->Inf);
            Status = STATUS_DLL_NOT_FOUND;
            goto out;
        }
    }
    int Reboot = 0;
    ULONG Error = InstallDevice(Install->Inf, Install->Instance, INSTALLFLAG_NONINTERACTIVE,
                                &Reboot);
    if (Error)
        DbgPrint("ntio: PnP: installing %ws from %ws failed (error %lu)\n", Install->Instance,
                 Install->Inf, Error);
out:
    ExFreePoolWithTag(Install, TAG_PNP);
    __atomic_sub_fetch(&PpInstallsRunning, 1, __ATOMIC_RELEASE);
    return Status;
}

VOID PpWaitForInstalls(VOID)
{
    for (int i = 0; i < 1000 && __atomic_load_n(&PpInstallsRunning, __ATOMIC_ACQUIRE); i++) {
        LARGE_INTEGER Ms = { .QuadPart = -10 * 10000 };
        KeDelayExecutionThread(KernelMode, FALSE, &Ms);
    }
    if (__atomic_load_n(&PpInstallsRunning, __ATOMIC_ACQUIRE))
        fprintf(stderr, "ntio: PnP: a device install from the driver store still runs at exit\n");
}

static NTSTATUS PpNoHandle(PETHREAD Thread, PVOID Context)
{
    UNREFERENCED_PARAMETER(Thread);
    UNREFERENCED_PARAMETER(Context);
    return STATUS_SUCCESS; /* nobody waits for the installer */
}

BOOLEAN PpInstallFromDriverStore(PDEVICE_NODE Node)
{
    WCHAR Inf[400];
    BOOLEAN Found = FALSE;
    if (Node->Flags & DNF_INSTALL_TRIED)
        return FALSE; /* once: a package that does not install is not retried in a loop */
    /* A root-enumerated device is made by an installer (devcon install,
     * SetupDi), which installs its driver itself: only devices a bus
     * reports are installed from here. */
    if (Node->Flags & DNF_ROOT_ENUMERATED)
        return FALSE;
    for (int List = 0; List < 2 && !Found; List++) {
        PCWSTR Ids = List ? Node->CompatibleIds : Node->HardwareIds;
        for (PCWSTR p = Ids; p && *p && !Found; p += RtlpWcslen(p) + 1)
            Found = PpStoredInfFor(p, Inf, RTL_NUMBER_OF(Inf));
    }
    if (!Found)
        return FALSE;
    PPP_INSTALL Install = ExAllocatePoolWithTag(NonPagedPool, sizeof *Install, TAG_PNP);
    if (!Install)
        return FALSE;
    memcpy(Install->Instance, Node->InstancePath, sizeof Install->Instance);
    memcpy(Install->Inf, Inf, sizeof Inf);
    Node->Flags |= DNF_INSTALL_TRIED;
    __atomic_add_fetch(&PpInstallsRunning, 1, __ATOMIC_ACQ_REL);
    if (!NT_SUCCESS(PspCreateThread(PspApplicationProcess, FALSE, NULL, PpInstallThread, Install,
                                    FALSE, 1 << 20, PpNoHandle, NULL))) {
        __atomic_sub_fetch(&PpInstallsRunning, 1, __ATOMIC_RELEASE);
        ExFreePoolWithTag(Install, TAG_PNP);
        return FALSE;
    }
    return TRUE;
}
