/*
 * advapi32/servicedb.c - the SCM's database: the service keys of the
 * registry (HKLM\SYSTEM\CurrentControlSet\Services), read and written with
 * advapi32's registry functions.
 */
#include "svcp.h"

/* ---- keys and values -------------------------------------------------- */

DWORD ScOpenServicesKey(REGSAM Access, HKEY *Key)
{
    *Key = NULL;
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, SC_SERVICES_KEY, 0, Access, Key);
}

DWORD ScOpenServiceKey(LPCWSTR Name, REGSAM Access, HKEY *Key)
{
    HKEY Services;
    *Key = NULL;
    DWORD Error = ScOpenServicesKey(KEY_READ, &Services);
    if (Error)
        return Error;
    Error = RegOpenKeyExW(Services, Name, 0, Access, Key);
    RegCloseKey(Services);
    return Error;
}

DWORD ScQueryDword(HKEY Key, LPCWSTR Name, DWORD Default)
{
    DWORD Value, Type, Size = sizeof Value;
    if (RegQueryValueExW(Key, Name, NULL, &Type, (LPBYTE)&Value, &Size) != ERROR_SUCCESS ||
        Type != REG_DWORD || Size != sizeof Value)
        return Default;
    return Value;
}

DWORD ScQueryString(HKEY Key, LPCWSTR Name, DWORD ExpectedType, LPWSTR *Value)
{
    DWORD Type, Size = 0;
    *Value = NULL;
    DWORD Error = RegQueryValueExW(Key, Name, NULL, &Type, NULL, &Size);
    if (Error == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    if (Error)
        return Error;
    BOOLEAN IsString = Type == REG_SZ || Type == REG_EXPAND_SZ;
    if (ExpectedType == REG_MULTI_SZ ? Type != REG_MULTI_SZ : !IsString)
        return ERROR_SUCCESS; /* a value of another type counts as absent */
    /* Room for the terminators a value written without them lacks. */
    LPWSTR Buffer = calloc(1, Size + 3 * sizeof(WCHAR));
    if (!Buffer)
        return ERROR_NOT_ENOUGH_MEMORY;
    Error = RegQueryValueExW(Key, Name, NULL, &Type, (LPBYTE)Buffer, &Size);
    if (Error) {
        free(Buffer);
        return Error;
    }
    *Value = Buffer;
    return ERROR_SUCCESS;
}

BOOLEAN ScIsMarkedForDelete(LPCWSTR Name)
{
    HKEY Key;
    DWORD Error = ScOpenServiceKey(Name, KEY_READ, &Key);
    if (Error)
        return Error == ERROR_FILE_NOT_FOUND;
    BOOLEAN Marked = ScQueryDword(Key, L"DeleteFlag", 0) != 0;
    RegCloseKey(Key);
    return Marked;
}

VOID ScDeleteServiceKey(LPCWSTR Name)
{
    HKEY Services;
    if (ScOpenServicesKey(KEY_ALL_ACCESS, &Services))
        return;
    RegDeleteTreeW(Services, Name);
    RegDeleteKeyW(Services, Name); /* RegDeleteTree may leave the key itself */
    RegCloseKey(Services);
}

/* Call Visit(Name, Key, Context) for every service; it returns FALSE to
 * stop. */
typedef BOOLEAN (*SC_VISIT)(LPCWSTR Name, HKEY Key, PVOID Context);
static VOID ScForEachService(SC_VISIT Visit, PVOID Context)
{
    HKEY Services, Key;
    if (ScOpenServicesKey(KEY_READ, &Services))
        return;
    for (DWORD Index = 0;; Index++) {
        WCHAR Name[SC_MAX_NAME + 2];
        DWORD Chars = RTL_NUMBER_OF(Name);
        DWORD Error = RegEnumKeyExW(Services, Index, Name, &Chars, NULL, NULL, NULL, NULL);
        if (Error == ERROR_NO_MORE_ITEMS)
            break;
        if (Error || RegOpenKeyExW(Services, Name, 0, KEY_READ, &Key))
            continue;
        BOOLEAN More = Visit(Name, Key, Context);
        RegCloseKey(Key);
        if (!More)
            break;
    }
    RegCloseKey(Services);
}

/* ---- display names and tags ------------------------------------------- */

typedef struct {
    LPCWSTR DisplayName;
    LPCWSTR Self;
    BOOLEAN Taken;
} SC_DISPLAY_SEARCH;

static BOOLEAN ScVisitDisplayName(LPCWSTR Name, HKEY Key, PVOID Context)
{
    SC_DISPLAY_SEARCH *Search = Context;
    if (Search->Self && ScNamesEqual(Name, Search->Self))
        return TRUE;
    LPWSTR Display = NULL;
    ScQueryString(Key, L"DisplayName", REG_SZ, &Display);
    if (ScNamesEqual(Name, Search->DisplayName) ||
        (Display && ScNamesEqual(Display, Search->DisplayName)))
        Search->Taken = TRUE;
    free(Display);
    return !Search->Taken;
}

BOOLEAN ScDisplayNameTaken(LPCWSTR DisplayName, LPCWSTR Self)
{
    SC_DISPLAY_SEARCH Search = { DisplayName, Self, FALSE };
    ScForEachService(ScVisitDisplayName, &Search);
    return Search.Taken;
}

typedef struct {
    LPCWSTR Group;
    DWORD Largest;
} SC_TAG_SEARCH;

static BOOLEAN ScVisitTag(LPCWSTR Name, HKEY Key, PVOID Context)
{
    SC_TAG_SEARCH *Search = Context;
    LPWSTR Group = NULL;
    UNREFERENCED_PARAMETER(Name);
    ScQueryString(Key, L"Group", REG_SZ, &Group);
    if (Group && ScNamesEqual(Group, Search->Group)) {
        DWORD Tag = ScQueryDword(Key, L"Tag", 0);
        if (Tag > Search->Largest)
            Search->Largest = Tag;
    }
    free(Group);
    return TRUE;
}

DWORD ScNextTag(LPCWSTR Group)
{
    SC_TAG_SEARCH Search = { Group, 0 };
    ScForEachService(ScVisitTag, &Search);
    return Search.Largest + 1;
}

/* ---- image paths and dependencies -------------------------------------- */

static BOOLEAN ScHasPrefix(LPCWSTR String, LPCWSTR Prefix)
{
    for (; *Prefix; String++, Prefix++) {
        WCHAR a = *String, b = *Prefix;
        if (a >= L'a' && a <= L'z')
            a -= 32;
        if (b >= L'a' && b <= L'z')
            b -= 32;
        if (a != b)
            return FALSE;
    }
    return TRUE;
}

static LPWSTR ScConcat(LPCWSTR A, LPCWSTR B, SIZE_T BChars)
{
    SIZE_T AChars = RtlpWcslen(A);
    LPWSTR Out = malloc((AChars + BChars + 1) * sizeof(WCHAR));
    if (!Out)
        return NULL;
    memcpy(Out, A, AChars * sizeof(WCHAR));
    memcpy(Out + AChars, B, BChars * sizeof(WCHAR));
    Out[AChars + BChars] = 0;
    return Out;
}

/*
 * Windows' SCM stores a driver's path the way the kernel reads it: an NT
 * path (\??\C:\dir\x.sys) for a DOS path, \SystemRoot\... for
 * %SystemRoot%\..., and a relative path (System32\drivers\x.sys, read
 * under \SystemRoot) or an NT path as given.  Surrounding quotes go.
 */
DWORD ScImagePathForDriver(LPCWSTR BinaryPath, LPWSTR *ImagePath)
{
    SIZE_T Chars = RtlpWcslen(BinaryPath);
    *ImagePath = NULL;
    if (Chars >= 2 && BinaryPath[0] == L'"' && BinaryPath[Chars - 1] == L'"') {
        BinaryPath++;
        Chars -= 2;
    }
    if (Chars == 0)
        return ERROR_INVALID_PARAMETER;
    LPWSTR Path = ScConcat(L"", BinaryPath, Chars);
    if (!Path)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (ScHasPrefix(Path, L"\\??\\") || ScHasPrefix(Path, L"\\SystemRoot\\")) {
        *ImagePath = Path;
        return ERROR_SUCCESS;
    }
    if (ScHasPrefix(Path, L"%SystemRoot%\\")) {
        static const WCHAR Var[] = L"%SystemRoot%\\";
        SIZE_T Skip = RTL_NUMBER_OF(Var) - 1;
        *ImagePath = ScConcat(L"\\SystemRoot\\", Path + Skip, Chars - Skip);
        free(Path);
        return *ImagePath ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    BOOLEAN Dos = (Chars >= 2 && Path[1] == L':') || Path[0] == L'\\' || Path[0] == L'/';
    if (!Dos) {
        *ImagePath = Path; /* relative to \SystemRoot, as the kernel reads it */
        return ERROR_SUCCESS;
    }
    UNICODE_STRING Nt;
    BOOLEAN Ok = RtlDosPathNameToNtPathName_U(Path, &Nt, NULL, NULL);
    free(Path);
    if (!Ok)
        return ERROR_INVALID_PARAMETER;
    *ImagePath = ScConcat(L"", Nt.Buffer, Nt.Length / sizeof(WCHAR));
    RtlFreeUnicodeString(&Nt);
    return *ImagePath ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

SIZE_T ScMultiLength(LPCWSTR Multi)
{
    SIZE_T n = 0;
    if (!Multi)
        return 0;
    while (Multi[n])
        n += RtlpWcslen(Multi + n) + 1;
    return n + 1;
}

DWORD ScWriteDependencies(HKEY Key, LPCWSTR Dependencies)
{
    SIZE_T Chars = ScMultiLength(Dependencies);
    LPWSTR Services = calloc(Chars + 1, sizeof(WCHAR)), Groups = calloc(Chars + 1, sizeof(WCHAR));
    SIZE_T ns = 0, ng = 0;
    DWORD Error = ERROR_SUCCESS;
    if (!Services || !Groups) {
        free(Services);
        free(Groups);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    for (LPCWSTR p = Dependencies; *p; p += RtlpWcslen(p) + 1) {
        SIZE_T Len = RtlpWcslen(p);
        if (*p == SC_GROUP_IDENTIFIERW) {
            memcpy(Groups + ng, p + 1, Len * sizeof(WCHAR)); /* without the '+' */
            ng += Len;
        } else {
            memcpy(Services + ns, p, (Len + 1) * sizeof(WCHAR));
            ns += Len + 1;
        }
    }
    Services[ns++] = 0;
    Groups[ng++] = 0;
    if (ns > 1)
        Error = RegSetValueExW(Key, L"DependOnService", 0, REG_MULTI_SZ, (const BYTE *)Services,
                               (DWORD)(ns * sizeof(WCHAR)));
    else
        RegDeleteValueW(Key, L"DependOnService");
    if (!Error && ng > 1)
        Error = RegSetValueExW(Key, L"DependOnGroup", 0, REG_MULTI_SZ, (const BYTE *)Groups,
                               (DWORD)(ng * sizeof(WCHAR)));
    else if (!Error)
        RegDeleteValueW(Key, L"DependOnGroup");
    free(Services);
    free(Groups);
    return Error;
}

DWORD ScAnsiToUnicodeMulti(LPCSTR Ansi, LPWSTR *Unicode)
{
    *Unicode = NULL;
    if (!Ansi)
        return ERROR_SUCCESS;
    SIZE_T Bytes = 0;
    while (Ansi[Bytes])
        Bytes += strlen(Ansi + Bytes) + 1;
    Bytes++; /* the final NUL */
    SIZE_T Chars = RtlpUtf8ToUtf16(NULL, 0, Ansi, Bytes);
    LPWSTR Out = malloc((Chars + 1) * sizeof(WCHAR));
    if (!Out)
        return ERROR_NOT_ENOUGH_MEMORY;
    RtlpUtf8ToUtf16(Out, Chars, Ansi, Bytes);
    Out[Chars] = 0;
    *Unicode = Out;
    return ERROR_SUCCESS;
}

/* ---- start-up ----------------------------------------------------------- */

typedef struct {
    WCHAR (*Names)[SC_MAX_NAME + 2];
    ULONG Count, Capacity;
} SC_MARKED_LIST;

static BOOLEAN ScVisitMarked(LPCWSTR Name, HKEY Key, PVOID Context)
{
    SC_MARKED_LIST *List = Context;
    if (!ScQueryDword(Key, L"DeleteFlag", 0))
        return TRUE;
    if (List->Count == List->Capacity) {
        ULONG Capacity = List->Capacity ? List->Capacity * 2 : 4;
        void *Bigger = realloc(List->Names, Capacity * sizeof *List->Names);
        if (!Bigger)
            return FALSE;
        List->Names = Bigger;
        List->Capacity = Capacity;
    }
    memcpy(List->Names[List->Count++], Name, (RtlpWcslen(Name) + 1) * sizeof(WCHAR));
    return TRUE;
}

/* Windows deletes, when it boots, the services marked for deletion that
 * could not be deleted before (a handle was left open, or the driver never
 * stopped).  Each ntio process is such a boot: it has no handle yet, and
 * the kernel did not start marked drivers. */
static VOID ScDeleteMarkedServices(VOID)
{
    SC_MARKED_LIST List = { NULL, 0, 0 };
    ScForEachService(ScVisitMarked, &List);
    for (ULONG i = 0; i < List.Count; i++)
        if (ScQueryDriverState(List.Names[i]) == DRIVER_STATE_STOPPED)
            ScDeleteServiceKey(List.Names[i]);
    free(List.Names);
}

VOID ScInitializeDatabase(VOID)
{
    static pthread_once_t Once = PTHREAD_ONCE_INIT;
    pthread_once(&Once, ScDeleteMarkedServices);
}
