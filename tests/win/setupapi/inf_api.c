/*
 * tests/win/setupapi/inf_api.c - SetupAPI's INF functions: a driver
 * package INF (toaster.inf) and its .inx, the syntax rules (fields, quotes,
 * comments, continuation, %strkey% substitution, localized [Strings]),
 * UTF-16 / UTF-8 / Windows-1252 files, appended files, the errors of
 * malformed files with their line, the W and A forms with the two-call
 * buffer protocol and bad arguments, and the private section-selection
 * helpers (Models decorations, DDInstall extensions, Include/Needs).
 *
 *   win_setupapi_inf FIXTURE_DIR          all the checks
 *   win_setupapi_inf FIXTURE_DIR diag     open malformed files: the
 *                                         messages on stderr are checked
 *                                         by ctest
 */
#include <windows.h>
#include <setupapi.h>

#include <string.h>
#include <wchar.h>

#include "../../harness.h"
#include "../../../win32/setupapi/setupapip.h"

#define TESTDIR "C:\\inftest"
#define TESTDIRW L"C:\\inftest"
#define STD_HEADER "[Version]\r\nSignature=\"$Chicago$\"\r\n"

static WCHAR FixtureDir[512];

/* ---- helpers ---------------------------------------------------------------------------- */

static void WriteBytes(const char *Path, const void *Data, DWORD Size)
{
    HANDLE h = CreateFileA(Path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK(h != INVALID_HANDLE_VALUE);
    if (h == INVALID_HANDLE_VALUE)
        return;
    DWORD Done = 0;
    CHECK(WriteFile(h, Data, Size, &Done, NULL));
    CHECK_EQ(Done, Size);
    CloseHandle(h);
}

static void WriteText(const char *Path, const char *Text)
{
    WriteBytes(Path, Text, (DWORD)strlen(Text));
}

/* Write TESTDIR\Name and open it (INF_STYLE_WIN4). */
static HINF OpenText(const char *Name, const char *Text, UINT *ErrorLine)
{
    char Path[MAX_PATH];
    snprintf(Path, sizeof(Path), "%s\\%s", TESTDIR, Name);
    WriteText(Path, Text);
    return SetupOpenInfFileA(Path, NULL, INF_STYLE_WIN4, ErrorLine);
}

static const char *FieldA(PINFCONTEXT Context, DWORD Index)
{
    static char Buffer[MAX_INF_STRING_LENGTH * 3 + 1];
    return SetupGetStringFieldA(Context, Index, Buffer, sizeof(Buffer), NULL) ? Buffer : NULL;
}

static const WCHAR *FieldW(PINFCONTEXT Context, DWORD Index)
{
    static WCHAR Buffer[MAX_INF_STRING_LENGTH + 1];
    return SetupGetStringFieldW(Context, Index, Buffer, MAX_INF_STRING_LENGTH + 1, NULL) ? Buffer
                                                                                        : NULL;
}

#define CHECK_FIELD(ctx, idx, expected)                                                      \
    do {                                                                                     \
        const char *F_ = FieldA((ctx), (idx));                                               \
        CHECK(F_ != NULL);                                                                   \
        if (F_)                                                                              \
            CHECK_STR(F_, (expected));                                                       \
    } while (0)

#define CHECK_FAILS(call, error)                                                             \
    do {                                                                                     \
        SetLastError(0xdeadbeef);                                                            \
        CHECK(!(call));                                                                      \
        CHECK_EQ(GetLastError(), (error));                                                   \
    } while (0)

static HINF OpenFixture(const WCHAR *Name, UINT *ErrorLine)
{
    WCHAR Path[600];
    wcscpy(Path, FixtureDir);
    wcscat(Path, L"\\");
    wcscat(Path, Name);
    return SetupOpenInfFileW(Path, NULL, INF_STYLE_WIN4, ErrorLine);
}

/* ---- the driver package ---------------------------------------------------------------------- */

static void TestDriverPackage(void)
{
    UINT ErrorLine = 0xdeadbeef;
    INFCONTEXT Ctx, Next;
    HINF Inf;

    SetLastError(0xdeadbeef);
    Inf = OpenFixture(L"toaster.inf", &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), NO_ERROR);
    if (Inf == INVALID_HANDLE_VALUE)
        return;

    /* [Version] */
    CHECK(SetupFindFirstLineA(Inf, "version", "signature", &Ctx));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_FIELD(&Ctx, 1, "$WINDOWS NT$");
    CHECK_FIELD(&Ctx, 0, "Signature");
    CHECK(SetupFindFirstLineA(Inf, "Version", "Provider", &Ctx));
    CHECK_FIELD(&Ctx, 1, "Contoso, Ltd. ; not a comment");
    CHECK(SetupFindFirstLineA(Inf, "Version", "DriverVer", &Ctx));
    CHECK_EQ(SetupGetFieldCount(&Ctx), 2);
    CHECK_FIELD(&Ctx, 1, "06/21/2006");
    CHECK_FIELD(&Ctx, 2, "10.0.19041.1");
    CHECK(SetupFindFirstLineA(Inf, "Version", "ClassGuid", &Ctx));
    CHECK_FIELD(&Ctx, 1, "{78A1C341-4539-11d3-B88D-00C04FAD5171}");
    CHECK(SetupFindFirstLineA(Inf, "Version", "CatalogFile", &Ctx));
    CHECK_FIELD(&Ctx, 1, "toaster.cat");
    CHECK_EQ(SetupGetLineCountA(Inf, "Version"), 7);

    /* The class check of SetupOpenInfFile. */
    WCHAR Path[600];
    wcscpy(Path, FixtureDir);
    wcscat(Path, L"\\toaster.inf");
    HINF Other = SetupOpenInfFileW(Path, L"sample", INF_STYLE_WIN4, NULL);
    CHECK(Other != INVALID_HANDLE_VALUE);
    SetupCloseInfFile(Other);
    SetLastError(0);
    CHECK(SetupOpenInfFileW(Path, L"Net", INF_STYLE_WIN4, &ErrorLine) == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_CLASS_MISMATCH);

    /* [DestinationDirs], [SourceDisksNames], [SourceDisksFiles] */
    INT Value = -1;
    CHECK(SetupFindFirstLineA(Inf, "DestinationDirs", "DefaultDestDir", &Ctx));
    CHECK(SetupGetIntField(&Ctx, 1, &Value));
    CHECK_EQ(Value, 12);
    CHECK(SetupFindFirstLineA(Inf, "SourceDisksNames", NULL, &Ctx));
    CHECK(SetupGetIntField(&Ctx, 0, &Value));
    CHECK_EQ(Value, 1);
    CHECK_EQ(SetupGetFieldCount(&Ctx), 4);
    CHECK_FIELD(&Ctx, 1, "Toaster Installation Disk #1");
    CHECK_FIELD(&Ctx, 2, "");
    CHECK_FIELD(&Ctx, 4, "");
    CHECK(SetupFindFirstLineA(Inf, "SourceDisksFiles", "wdfcoinstaller01015.dll", &Ctx));
    CHECK_EQ(SetupGetFieldCount(&Ctx), 1);
    CHECK_FIELD(&Ctx, 0, "WdfCoInstaller01015.dll");
    CHECK(SetupFindFirstLineA(Inf, "SourceDisksFiles", "toaster.sys", &Ctx));
    CHECK_EQ(SetupGetFieldCount(&Ctx), 3);

    /* [Manufacturer]: the key is substituted; decorations are fields. */
    CHECK(SetupFindFirstLineA(Inf, "Manufacturer", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 0, "(Standard system devices)");
    CHECK_EQ(SetupGetFieldCount(&Ctx), 5);
    CHECK_FIELD(&Ctx, 3, "NTamd64.10.0...16299");
    CHECK(SetupFindFirstLineA(Inf, "Manufacturer", "(standard SYSTEM devices)", &Next));
    CHECK_FAILS(SetupFindFirstLineA(Inf, "Manufacturer", "%StdMfg%", &Next), ERROR_LINE_NOT_FOUND);

    /* The Models section chosen for ntio (10.0.19041 amd64). */
    PWSTR Models = NULL;
    CHECK_EQ(InfpSelectModelsSection(InfpContextLine(&Ctx, NULL), NULL, &Models), ERROR_SUCCESS);
    CHECK(Models && !wcscmp(Models, L"Standard.NTamd64.10.0...16299"));
    CHECK(SetupFindFirstLineW(Inf, Models, NULL, &Ctx));
    free(Models);
    CHECK_FIELD(&Ctx, 0, "Contoso Toaster");
    CHECK_EQ(SetupGetFieldCount(&Ctx), 3);  /* the continued line */
    CHECK_FIELD(&Ctx, 1, "Toaster_Device");
    CHECK_FIELD(&Ctx, 2, "{b85b7c50-6a01-11d2-b841-00c04fad5171}\\MsToaster");
    CHECK_FIELD(&Ctx, 3, "ROOT\\Toaster");
    CHECK_FAILS(SetupFindNextLine(&Ctx, &Next), ERROR_LINE_NOT_FOUND);
    CHECK_EQ(SetupGetLineCountA(Inf, "Standard.NTamd64.11.0"), 0);
    CHECK_EQ(GetLastError(), NO_ERROR);

    /* The DDInstall section: no .NTamd64, so .NT. */
    PWSTR Install = NULL;
    PCWSTR Extension = NULL;
    CHECK_EQ(InfpSelectInstallSection(InfpFromHandle(Inf), L"toaster_device", NULL, &Install,
                                      &Extension),
             ERROR_SUCCESS);
    CHECK(Install && !wcscmp(Install, L"toaster_device.NT"));
    CHECK(Extension && !wcscmp(Extension, L".NT"));
    free(Install);

    /* AddReg lines: quotes, "" and %% */
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Device.NT.AddReg", NULL, &Ctx));
    CHECK_EQ(SetupGetFieldCount(&Ctx), 5);
    SetLastError(0xdeadbeef);
    CHECK(!FieldA(&Ctx, 0));            /* no key */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SetupGetIntField(&Ctx, 4, &Value));
    CHECK_EQ(Value, 0x10001);
    CHECK(SetupGetIntField(&Ctx, 5, &Value));
    CHECK_EQ(Value, 0x100);
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 3, "Security");
    CHECK_FIELD(&Ctx, 4, "");
    CHECK_FIELD(&Ctx, 5, "D:P(A;;GA;;;SY)(A;;GA;;;BA)");
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 5, "%SystemRoot%\\System32\\IoLogMsg.dll");
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 5, "Toaster \"Deluxe\" Model");
    char Text[256];
    DWORD Size = 0;
    CHECK(SetupGetLineTextA(&Ctx, NULL, NULL, NULL, Text, sizeof(Text), &Size));
    CHECK_STR(Text, "HKR,,Friendly,,Toaster \"Deluxe\" Model");
    CHECK_EQ(Size, strlen(Text) + 1);

    /* .HW AddReg: a REG_MULTI_SZ and binary data. */
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Device.NT.HW.AddReg", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 3, "UpperFilters");
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    BYTE Bytes[8] = {0};
    CHECK(SetupGetBinaryField(&Ctx, 5, Bytes, sizeof(Bytes), &Size));
    CHECK_EQ(Size, 4);
    CHECK(Bytes[0] == 0x01 && Bytes[1] == 0x0a && Bytes[2] == 0xff && Bytes[3] == 0x7f);

    /* .Services: AddService with a substituted flags field. */
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Device.NT.Services", "AddService", &Ctx));
    CHECK_FIELD(&Ctx, 1, "toaster");
    CHECK(SetupGetIntField(&Ctx, 2, &Value));
    CHECK_EQ(Value, 2);
    CHECK_FIELD(&Ctx, 3, "Toaster_Service_Inst");
    CHECK_FIELD(&Ctx, 4, "Toaster_EventLog_Inst");
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Service_Inst", "ServiceBinary", &Ctx));
    CHECK_FIELD(&Ctx, 1, "%12%\\toaster.sys");     /* a DIRID is left to the installer */
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Service_Inst", "ErrorControl", &Ctx));
    CHECK(SetupGetIntField(&Ctx, 1, &Value));
    CHECK_EQ(Value, 1);
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Service_Inst", "LoadOrderGroup", &Ctx));
    CHECK_FIELD(&Ctx, 1, "Extended Base");
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Service_Inst", "DisplayName", &Ctx));
    CHECK(FieldW(&Ctx, 1) && !wcscmp(FieldW(&Ctx, 1), L"Contoso Toaster Service"));
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Device_CoInstaller_AddReg", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 5, "WdfCoInstaller01015.dll,WdfCoInstaller");

    /* SetupFindNextMatchLine, SetupGetLineByIndex over a section. */
    CHECK(SetupFindFirstLineA(Inf, "Toaster_Service_Inst", NULL, &Ctx));
    CHECK(SetupFindNextMatchLineA(&Ctx, "starttype", &Next));
    CHECK_FIELD(&Next, 1, "3");
    CHECK_FAILS(SetupFindNextMatchLineA(&Next, "DisplayName", &Next), ERROR_LINE_NOT_FOUND);
    CHECK(SetupGetLineByIndexA(Inf, "Toaster_Service_Inst", 5, &Ctx));
    CHECK_FIELD(&Ctx, 0, "LoadOrderGroup");
    CHECK_FAILS(SetupGetLineByIndexA(Inf, "Toaster_Service_Inst", 6, &Ctx), ERROR_LINE_NOT_FOUND);
    SetupCloseInfFile(Inf);
}

static void TestInx(void)
{
    INFCONTEXT Ctx;
    HINF Inf = OpenFixture(L"toaster.inx", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    if (Inf == INVALID_HANDLE_VALUE)
        return;
    CHECK(SetupFindFirstLineA(Inf, "Manufacturer", "Microsoft", &Ctx));
    CHECK_FIELD(&Ctx, 2, "NTamd64");
    PWSTR Models = NULL;
    CHECK_EQ(InfpSelectModelsSection(InfpContextLine(&Ctx, NULL), NULL, &Models), ERROR_SUCCESS);
    CHECK(Models && !wcscmp(Models, L"Microsoft.NTamd64"));
    free(Models);
    CHECK(SetupFindFirstLineA(Inf, "Microsoft.NTamd64", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 0, "Sample WDF Echo Driver (amd64)");
    CHECK(SetupFindFirstLineA(Inf, "Echo_wdfsect", "KmdfLibraryVersion", &Ctx));
    CHECK_FIELD(&Ctx, 1, "1.15");
    CHECK(SetupFindFirstLineA(Inf, "Version", "DriverVer", &Ctx));
    CHECK_FIELD(&Ctx, 1, "");
    SetupCloseInfFile(Inf);

    /* The same text as a .inf keeps the placeholders. */
    Inf = OpenText("inx-as.inf", STD_HEADER "[M]\na=NT$ARCH$,$KMDFVERSION$\n", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "M", "a", &Ctx));
    CHECK_FIELD(&Ctx, 1, "NT$ARCH$");
    CHECK_FIELD(&Ctx, 2, "$KMDFVERSION$");
    SetupCloseInfFile(Inf);
}

/* ---- syntax ------------------------------------------------------------------------------ */

static const char KeyStrings[] = "\n[Strings]\n"
                                 "Name = \"the name\"\n"
                                 "Value = \"the value\"\n"
                                 "Comma = \"a,b\"\n"
                                 "Spaced = \"  padded  \"\n"
                                 "Loop = \"%Value%\"\n";

static const struct {
    const char *Data;
    const char *Key;
    const char *Fields[6];
} KeyCases[] = {
    {"ab=cd", "ab", {"cd"}},
    {"ab = cd , ef ,gh", "ab", {"cd", "ef", "gh"}},
    {"single", "single", {"single"}},
    {"ab,cd", NULL, {"ab", "cd"}},
    {"ab,cd=ef", NULL, {"ab", "cd=ef"}},
    {"=abcd,ef", "", {"abcd", "ef"}},
    {"a=", "a", {""}},
    {"a=b,,,c", "a", {"b", "", "", "c"}},
    {" a b = c d , e ", "a b", {"c d", "e"}},
    {"\ta\t=\tb\t", "a", {"b"}},
    /* quotes */
    {"k=\"  padded  \"", "k", {"  padded  "}},
    {"k=\"a,b;c=d\\\"", "k", {"a,b;c=d\\"}},
    {"k=\"say \"\"hi\"\"\"", "k", {"say \"hi\""}},
    {"k=ab\"cd\"ef", "k", {"abcdef"}},
    {"k=ab \"cd\"", "k", {"ab cd"}},
    {"\"quoted key\"=v", "quoted key", {"v"}},
    {"\"a=b\"", "a=b", {"a=b"}},
    {"k=\"\",x", "k", {"", "x"}},
    {"k=\"open,ended", "k", {"open,ended"}},
    /* comments */
    {"k=v ; comment, with = stuff", "k", {"v"}},
    {"k=\"v;not\" ; a real comment", "k", {"v;not"}},
    {"k=v;", "k", {"v"}},
    /* continuation */
    {"k=a,\\\n   b", "k", {"a", "b"}},
    {"k=a \\ ; comment\n b", "k", {"ab"}},
    {"ke\\\ny=v", "key", {"v"}},
    {"k=C:\\dir\\file", "k", {"C:\\dir\\file"}},
    {"k=dir\\ ,x", "k", {"dir\\", "x"}},
    {"k=\"SomeDirectory\\\"\\\n,SomeFile", "k", {"SomeDirectory\\", "SomeFile"}},
    {"k=\"SomeDirectory\\\"\\ ; comment\n,SomeFile", "k", {"SomeDirectory\\", "SomeFile"}},
    {"k=a\\\\\n,b", "k", {"a", "b"}},
    {"k=c \\\n \\ a", "k", {"c\\ a"}},
    /* %strkey% substitution */
    {"%Name%=%Value%", "the name", {"the value"}},
    {"k=pre%Value%post", "k", {"prethe valuepost"}},
    {"k=100%%", "k", {"100%"}},
    {"k=%%Name%%", "k", {"%Name%"}},
    {"k=%Unknown%", "k", {"%Unknown%"}},
    {"k=%12%\\toaster.sys", "k", {"%12%\\toaster.sys"}},
    {"k=%Comma%", "k", {"a,b"}},
    {"k=\"%Value%\"", "k", {"the value"}},
    {"k=%Spaced%", "k", {"  padded  "}},
    {"k=50% off", "k", {"50% off"}},
    {"k=%Loop%", "k", {"%Value%"}},
    {"k=%name%", "k", {"the name"}},
    {"k=%Va\"\"lue%", "k", {"the value"}},
};

static void TestKeysAndFields(void)
{
    static char Data[4096];
    for (unsigned i = 0; i < sizeof(KeyCases) / sizeof(KeyCases[0]); i++) {
        INFCONTEXT Ctx;
        snprintf(Data, sizeof(Data), STD_HEADER "[Test]\n%s\n%s", KeyCases[i].Data, KeyStrings);
        UINT ErrorLine = 0;
        HINF Inf = OpenText("keys.inf", Data, &ErrorLine);
        CHECK(Inf != INVALID_HANDLE_VALUE);
        if (Inf == INVALID_HANDLE_VALUE) {
            fprintf(stderr, "case %u: open failed %lu line %u\n", i, GetLastError(), ErrorLine);
            continue;
        }
        CHECK(SetupFindFirstLineA(Inf, "Test", NULL, &Ctx));
        const char *Key = FieldA(&Ctx, 0);
        if (KeyCases[i].Key) {
            CHECK(Key != NULL);
            if (Key && strcmp(Key, KeyCases[i].Key))
                fprintf(stderr, "case %u: key \"%s\", expected \"%s\"\n", i, Key, KeyCases[i].Key);
            CHECK(Key && !strcmp(Key, KeyCases[i].Key));
            /* and the line is found by that key */
            INFCONTEXT ByKey;
            CHECK(SetupFindFirstLineA(Inf, "Test", KeyCases[i].Key, &ByKey));
            CHECK(ByKey.Line == Ctx.Line);
        } else {
            CHECK(Key == NULL);
            CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
        }
        char Joined[1024] = "";
        DWORD n;
        for (n = 0; n < 6 && KeyCases[i].Fields[n]; n++) {
            const char *F = FieldA(&Ctx, n + 1);
            CHECK(F != NULL);
            if (F && strcmp(F, KeyCases[i].Fields[n]))
                fprintf(stderr, "case %u: field %lu \"%s\", expected \"%s\"\n", i, n + 1, F,
                        KeyCases[i].Fields[n]);
            CHECK(F && !strcmp(F, KeyCases[i].Fields[n]));
            if (n)
                strcat(Joined, ",");
            strcat(Joined, KeyCases[i].Fields[n]);
        }
        CHECK_EQ(SetupGetFieldCount(&Ctx), n);
        CHECK_FAILS(FieldA(&Ctx, n + 1), ERROR_INVALID_PARAMETER);
        char Text[1024];
        CHECK(SetupGetLineTextA(&Ctx, NULL, NULL, NULL, Text, sizeof(Text), NULL));
        CHECK_STR(Text, Joined);
        SetupCloseInfFile(Inf);
    }
}

static void TestSections(void)
{
    INFCONTEXT Ctx;
    UINT ErrorLine = 0;
    HINF Inf = OpenText("sections.inf",
                        "; leading comment\n"
                        "[Version]\n"
                        "Signature=$Windows NT$\n"
                        "   [  Spaced Name  ]   trailing text is ignored\n"
                        "a=1\n"
                        "[Dup]\n"
                        "first=1\n"
                        "[Other]\n"
                        "x=y\n"
                        "[DUP]\n"
                        "second=2\n"
                        "[Te;st]\n"
                        "semi=1\n"
                        "[Empty]\n"
                        "; only a comment\n"
                        "\n"
                        "[Last]",
                        &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    if (Inf == INVALID_HANDLE_VALUE)
        return;
    CHECK_EQ(SetupGetLineCountA(Inf, "  spaced name  "), 1);
    CHECK_EQ(SetupGetLineCountA(Inf, "Spaced Name"), -1);
    CHECK_EQ(GetLastError(), ERROR_SECTION_NOT_FOUND);
    /* Sections of the same name merge, in order. */
    CHECK_EQ(SetupGetLineCountA(Inf, "dup"), 2);
    CHECK(SetupGetLineByIndexA(Inf, "Dup", 1, &Ctx));
    CHECK_FIELD(&Ctx, 0, "second");
    CHECK(SetupFindFirstLineA(Inf, "Dup", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 0, "first");
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 0, "second");
    CHECK_EQ(SetupGetLineCountA(Inf, "Te;st"), 1);
    /* An empty section exists but has no lines. */
    CHECK_EQ(SetupGetLineCountA(Inf, "Empty"), 0);
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_FAILS(SetupFindFirstLineA(Inf, "Empty", NULL, &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK_EQ(SetupGetLineCountA(Inf, "Last"), 0);
    SetupCloseInfFile(Inf);

    /* A [Strings] section lets lines before the first section pass (Windows). */
    Inf = OpenText("garbage-strings.inf", "garbage\n" STD_HEADER "[Strings]\na=b\n", &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    SetupCloseInfFile(Inf);

    /* 255 characters is the limit of a section name. */
    char Long[400];
    memset(Long, 'n', 255);
    Long[255] = 0;
    char Data[600];
    snprintf(Data, sizeof(Data), STD_HEADER "[%s]\nk=v\n", Long);
    Inf = OpenText("long-ok.inf", Data, &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK_EQ(SetupGetLineCountA(Inf, Long), 1);
    SetupCloseInfFile(Inf);
}

/* Several %big% tokens: the result is cut at MAX_INF_STRING_LENGTH characters. */
static void TestLimits(void)
{
    static char Data[8000];
    char Big[3001];
    memset(Big, 'b', 3000);
    Big[3000] = 0;
    snprintf(Data, sizeof(Data), STD_HEADER "[T]\nk=%%big%%,%%big%%%%big%%\n[Strings]\nbig=%s\n", Big);
    HINF Inf = OpenText("limits.inf", Data, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    INFCONTEXT Ctx;
    DWORD Size = 0;
    CHECK(SetupFindFirstLineA(Inf, "T", "k", &Ctx));
    CHECK(SetupGetStringFieldA(&Ctx, 1, NULL, 0, &Size));
    CHECK_EQ(Size, 3001);
    CHECK(SetupGetStringFieldW(&Ctx, 2, NULL, 0, &Size));
    CHECK_EQ(Size, MAX_INF_STRING_LENGTH + 1);
    SetupCloseInfFile(Inf);
}

/* ---- encodings -------------------------------------------------------------------------------- */

static void TestEncodings(void)
{
    INFCONTEXT Ctx;
    const WCHAR Text[] = L"[Version]\r\nSignature=\"$Windows NT$\"\r\n[Names]\r\n"
                         L"Cafe=\"Caf\x00e9 \x2122 \x65e5\x672c\"\r\n%Key%=1\r\n"
                         L"[Strings]\r\nKey=\"Cl\x00e9\"\r\n";
    BYTE Buffer[sizeof(Text) + 2];
    Buffer[0] = 0xFF;
    Buffer[1] = 0xFE;
    memcpy(Buffer + 2, Text, sizeof(Text) - sizeof(WCHAR));

    /* UTF-16LE with a BOM, W and A */
    WriteBytes(TESTDIR "\\utf16.inf", Buffer, 2 + sizeof(Text) - sizeof(WCHAR));
    HINF Inf = SetupOpenInfFileW(TESTDIRW L"\\utf16.inf", NULL, INF_STYLE_WIN4, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineW(Inf, L"names", L"CAFE", &Ctx));
    const WCHAR *W = FieldW(&Ctx, 1);
    CHECK(W && !wcscmp(W, L"Caf\x00e9 \x2122 \x65e5\x672c"));
    CHECK_FIELD(&Ctx, 1, "Caf\xc3\xa9 \xe2\x84\xa2 \xe6\x97\xa5\xe6\x9c\xac");
    /* A key with a non-ASCII letter, found case-insensitively. */
    CHECK(SetupFindFirstLineW(Inf, L"Names", L"CL\x00c9", &Ctx));
    CHECK(SetupFindFirstLineA(Inf, "Names", "cl\xc3\xa9", &Ctx));
    SetupCloseInfFile(Inf);

    /* UTF-16LE without a BOM */
    WriteBytes(TESTDIR "\\utf16nobom.inf", Text, sizeof(Text) - sizeof(WCHAR));
    Inf = SetupOpenInfFileA(TESTDIR "\\utf16nobom.inf", NULL, INF_STYLE_WIN4, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "Names", "Cafe", &Ctx));
    SetupCloseInfFile(Inf);

    /* UTF-8 with a BOM */
    Inf = OpenText("utf8bom.inf", "\xef\xbb\xbf" STD_HEADER "[S]\nk=\"\xe2\x82\xac 5\"\n", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "S", "k", &Ctx));
    W = FieldW(&Ctx, 1);
    CHECK(W && !wcscmp(W, L"\x20ac 5"));
    SetupCloseInfFile(Inf);

    /* Windows-1252 bytes in an ANSI INF (not valid UTF-8) */
    Inf = OpenText("cp1252.inf", STD_HEADER "[S]\nk=Contoso\xae \x80 caf\xe9\n", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "S", "k", &Ctx));
    W = FieldW(&Ctx, 1);
    CHECK(W && !wcscmp(W, L"Contoso\x00ae \x20ac caf\x00e9"));
    SetupCloseInfFile(Inf);

    /* ^Z ends the file; CR alone is a blank */
    Inf = OpenText("ctrlz.inf", STD_HEADER "[S]\r\nk=v\r\x1a\nafter=1\n", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK_EQ(SetupGetLineCountA(Inf, "S"), 1);
    CHECK(SetupFindFirstLineA(Inf, "S", "k", &Ctx));
    CHECK_FIELD(&Ctx, 1, "v");
    SetupCloseInfFile(Inf);
}

/* ---- [Strings.LLLL] -------------------------------------------------------------------------- */

static void CheckStringsChoice(const char *Sections, const char *Expected)
{
    char Data[1024];
    INFCONTEXT Ctx;
    snprintf(Data, sizeof(Data), STD_HEADER "[T]\nk=%%S%%\n%s", Sections);
    HINF Inf = OpenText("strings.inf", Data, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "T", "k", &Ctx));
    const char *F = FieldA(&Ctx, 1);
    CHECK(F && !strcmp(F, Expected));
    if (F && strcmp(F, Expected))
        fprintf(stderr, "strings choice: \"%s\", expected \"%s\"\n", F, Expected);
    SetupCloseInfFile(Inf);
}

static void TestLocalizedStrings(void)
{
    CheckStringsChoice("[Strings]\nS=neutral\n[Strings.0407]\nS=deutsch\n[Strings.0409]\nS=us\n", "us");
    CheckStringsChoice("[Strings.0409]\nS=us\n[Strings]\nS=neutral\n", "us");
    CheckStringsChoice("[Strings]\nS=neutral\n[Strings.0809]\nS=uk\n[Strings.0009]\nS=english\n",
                       "english");
    CheckStringsChoice("[Strings]\nS=neutral\n[Strings.0809]\nS=uk\n", "uk");
    CheckStringsChoice("[Strings]\nS=neutral\n[Strings.0407]\nS=deutsch\n", "neutral");
    /* Only one section is used: a key the chosen one lacks is not looked up
     * in [Strings]. */
    CheckStringsChoice("[Strings]\nS=neutral\n[Strings.409]\nOther=x\n", "%S%");
    CheckStringsChoice("[Strings.0407]\nS=deutsch\n", "%S%");
    CheckStringsChoice("[strings]\nS=\"quoted, with comma\"\n", "quoted, with comma");
}

/* ---- malformed files and open errors ----------------------------------------------------------- */

static void CheckOpenFails(const char *Name, const char *Text, DWORD Error, UINT Line)
{
    UINT ErrorLine = 0xdeadbeef;
    SetLastError(0);
    HINF Inf = OpenText(Name, Text, &ErrorLine);
    CHECK(Inf == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), Error);
    CHECK_EQ(ErrorLine, Line);
    if (Inf != INVALID_HANDLE_VALUE)
        SetupCloseInfFile(Inf);
}

static void TestMalformed(void)
{
    CheckOpenFails("nover.inf", "[Strings]\na=b\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("crlf.inf", "\r\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("text.inf", "just some text\r\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("nosig.inf", "[Version]\nClass=Net\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("badsig.inf", "[Version]\nSignature=$Windows 2000$\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("emptysig.inf", "[Version]\nSignature=\n", ERROR_WRONG_INF_STYLE, 0);
    CheckOpenFails("empty.inf", "", ERROR_GENERAL_SYNTAX, 0);
    CheckOpenFails("bad-section.inf", STD_HEADER "\n[Models\nfoo=bar\n", ERROR_BAD_SECTION_NAME_LINE, 4);
    CheckOpenFails("bad-section2.inf",
                   STD_HEADER "[S]\na=b,\\\n  c\n[Broken", ERROR_BAD_SECTION_NAME_LINE, 6);
    char Long[300], Data[700];
    memset(Long, 'x', 256);
    Long[256] = 0;
    snprintf(Data, sizeof(Data), STD_HEADER "[%s]\n", Long);
    CheckOpenFails("long-section.inf", Data, ERROR_SECTION_NAME_TOO_LONG, 3);
    CheckOpenFails("orphan.inf", "; comment\n\ngarbage line\n" STD_HEADER, ERROR_EXPECTED_SECTION_NAME, 3);

    /* Signatures are case-insensitive, the style is checked against InfStyle. */
    UINT ErrorLine;
    HINF Inf = OpenText("sig95.inf", "[version]\nsignature=\"$windows 95$\"\n", &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    SetupCloseInfFile(Inf);
    SetLastError(0);
    CHECK(SetupOpenInfFileA(TESTDIR "\\sig95.inf", NULL, INF_STYLE_OLDNT, &ErrorLine) ==
          INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_WRONG_INF_STYLE);
    /* A legacy INF (no signature) opens as INF_STYLE_OLDNT ... */
    Inf = SetupOpenInfFileA(TESTDIR "\\nosig.inf", NULL, INF_STYLE_OLDNT | INF_STYLE_WIN4, &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK_EQ(SetupGetLineCountA(Inf, "Version"), 1);
    /* ... to which nothing can be appended. */
    CHECK_FAILS(SetupOpenAppendInfFileA(TESTDIR "\\sig95.inf", Inf, NULL), ERROR_INVALID_PARAMETER);
    SetupCloseInfFile(Inf);

    /* An unterminated quote ends at the end of its line (Windows opens the file). */
    Inf = OpenText("open-quote.inf", STD_HEADER "[S]\na=\"one, two\nb=three\n", &ErrorLine);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    INFCONTEXT Ctx;
    CHECK(SetupFindFirstLineA(Inf, "S", "b", &Ctx));
    CHECK(SetupFindFirstLineA(Inf, "S", "a", &Ctx));
    CHECK_FIELD(&Ctx, 1, "one, two");
    SetupCloseInfFile(Inf);

    /* Missing files and paths. */
    ErrorLine = 0xdeadbeef;
    CHECK_FAILS(SetupOpenInfFileA(TESTDIR "\\missing.inf", NULL, INF_STYLE_WIN4, &ErrorLine) !=
                    INVALID_HANDLE_VALUE,
                ERROR_FILE_NOT_FOUND);
    CHECK_EQ(ErrorLine, 0);
    CHECK_FAILS(SetupOpenInfFileW(TESTDIRW L"\\nodir\\x.inf", NULL, INF_STYLE_WIN4, NULL) !=
                    INVALID_HANDLE_VALUE,
                ERROR_PATH_NOT_FOUND);
    /* A bare name is looked for in %windir%\inf and system32 only. */
    CHECK_FAILS(SetupOpenInfFileA("sig95.inf", NULL, INF_STYLE_WIN4, NULL) != INVALID_HANDLE_VALUE,
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS(SetupOpenInfFileW(NULL, NULL, INF_STYLE_WIN4, NULL) != INVALID_HANDLE_VALUE,
                ERROR_INVALID_PARAMETER);
}

/* The diag mode: malformed files whose messages ctest checks. */
static int Diagnostics(void)
{
    UINT Line = 0;
    HINF Inf = OpenText("diag-section.inf", STD_HEADER "; comment\n\n[Models\nfoo=bar\n", &Line);
    fprintf(stderr, "diag-section: %s %lu line %u\n", Inf == INVALID_HANDLE_VALUE ? "failed" : "opened",
           GetLastError(), Line);
    Inf = OpenText("diag-quote.inf", STD_HEADER "[S]\na=\"one, two\n", &Line);
    fprintf(stderr, "diag-quote: %s\n", Inf == INVALID_HANDLE_VALUE ? "failed" : "opened");
    SetupCloseInfFile(Inf);
    Inf = OpenText("diag-orphan.inf", "oops\n" STD_HEADER, &Line);
    fprintf(stderr, "diag-orphan: %s line %u\n", Inf == INVALID_HANDLE_VALUE ? "failed" : "opened", Line);
    Inf = OpenText("diag-empty.inf", "", &Line);
    fprintf(stderr, "diag-empty: %s %lu\n", Inf == INVALID_HANDLE_VALUE ? "failed" : "opened", GetLastError());
    return 0;
}

/* ---- the API: handles, arguments, buffers -------------------------------------------------------- */

static void TestApi(void)
{
    INFCONTEXT Ctx, Other;
    HINF Inf = OpenText("api.inf",
                        STD_HEADER
                        "[S]\n"
                        "Key1 = Field1, Field2, Field3\n"
                        "\n"
                        "Key2 = 48, 0x4, -12, +7, -0x10, 010, 12abc, , 0x, -\n"
                        "Key3 = caf\xc3\xa9, second, , after-empty\n"
                        "123 = 48\n"
                        "Key4 = 0xFFFFFFFF, 4294967297\n"
                        "Bin = 0, 11, 022, 0xaA, 0x0Ff\n"
                        "BadBin = 123\n",
                        NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    if (Inf == INVALID_HANDLE_VALUE)
        return;

    /* Bad handles and arguments. */
    CHECK_FAILS(SetupFindFirstLineA(NULL, "S", NULL, &Ctx), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupFindFirstLineA(INVALID_HANDLE_VALUE, "S", NULL, &Ctx), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupFindFirstLineW(Inf, NULL, NULL, &Ctx), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupFindFirstLineW(Inf, L"S", NULL, NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupFindFirstLineA(Inf, "Missing", NULL, &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupFindFirstLineA(Inf, "Missing", "Key1", &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupFindFirstLineA(Inf, "S", "Missing", &Ctx), ERROR_LINE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    CHECK_EQ(SetupGetLineCountA(NULL, "S"), -1);
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK_EQ(SetupGetLineCountA(Inf, "Missing"), -1);
    CHECK_EQ(GetLastError(), ERROR_SECTION_NOT_FOUND);
    CHECK_EQ(SetupGetLineCountW(Inf, L"s"), 7);
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_FAILS(SetupGetLineByIndexA(Inf, "Missing", 0, &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupGetLineByIndexA(Inf, "S", 7, &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupGetLineByIndexA(INVALID_HANDLE_VALUE, "S", 0, &Ctx), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupGetLineTextA(NULL, Inf, "S", "Missing", NULL, 0, NULL), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupGetLineTextA(NULL, Inf, "Missing", "Key1", NULL, 0, NULL), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupGetLineTextW(NULL, Inf, L"S", NULL, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupGetLineTextW(NULL, NULL, L"S", L"Key1", NULL, 0, NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS(SetupGetStringFieldA(NULL, 1, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupFindNextLine(NULL, &Ctx), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    SetupCloseInfFile(NULL);
    SetupCloseInfFile(INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), 0xdeadbeef);

    /* Success clears the last error. */
    SetLastError(0xdeadbeef);
    CHECK(SetupFindFirstLineA(Inf, "S", "key1", &Ctx));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_EQ(SetupGetFieldCount(&Ctx), 3);

    /* The two-call protocol, W: NULL buffer = a size query. */
    DWORD Size = 0;
    WCHAR W[16];
    SetLastError(0xdeadbeef);
    CHECK(SetupGetStringFieldW(&Ctx, 1, NULL, 0, &Size));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK_EQ(Size, 7);
    W[0] = L'#';
    Size = 0;
    CHECK_FAILS(SetupGetStringFieldW(&Ctx, 1, W, 6, &Size), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Size, 7);
    CHECK(W[0] == L'#');
    CHECK(SetupGetStringFieldW(&Ctx, 1, W, 7, NULL));
    CHECK(!wcscmp(W, L"Field1"));
    CHECK(SetupGetStringFieldW(&Ctx, 0, W, 16, &Size));
    CHECK(!wcscmp(W, L"Key1"));
    CHECK_EQ(Size, 5);
    CHECK_FAILS(SetupGetStringFieldW(&Ctx, 4, W, 16, &Size), ERROR_INVALID_PARAMETER);

    /* ... and A, sized in bytes of UTF-8. */
    char A[32];
    CHECK(SetupFindFirstLineA(Inf, "S", "Key3", &Ctx));
    CHECK(SetupGetStringFieldA(&Ctx, 1, NULL, 0, &Size));
    CHECK_EQ(Size, 6);
    CHECK(SetupGetStringFieldW(&Ctx, 1, NULL, 0, &Size));
    CHECK_EQ(Size, 5);
    A[0] = '#';
    CHECK_FAILS(SetupGetStringFieldA(&Ctx, 1, A, 5, &Size), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(Size, 6);
    CHECK(A[0] == '#');
    CHECK(SetupGetStringFieldA(&Ctx, 1, A, 6, &Size));
    CHECK_STR(A, "caf\xc3\xa9");

    /* SetupGetLineText: by context or by section and key; key left out. */
    CHECK(SetupGetLineTextA(NULL, Inf, "S", "Key1", NULL, 0, &Size));
    CHECK_EQ(Size, sizeof("Field1,Field2,Field3"));
    CHECK_FAILS(SetupGetLineTextA(NULL, Inf, "S", "Key1", A, Size - 1, &Size), ERROR_INSUFFICIENT_BUFFER);
    CHECK(SetupGetLineTextA(NULL, Inf, "S", "Key1", A, sizeof(A), NULL));
    CHECK_STR(A, "Field1,Field2,Field3");
    WCHAR LineW[64];
    CHECK(SetupGetLineTextW(&Ctx, NULL, NULL, NULL, LineW, 64, &Size));
    CHECK(!wcscmp(LineW, L"caf\x00e9,second,,after-empty"));
    CHECK_EQ(Size, wcslen(LineW) + 1);

    /* SetupGetMultiSzField stops at the first empty field. */
    WCHAR Multi[64];
    CHECK(SetupGetMultiSzFieldW(&Ctx, 1, NULL, 0, &Size));
    CHECK_EQ(Size, 5 + 7 + 1);
    CHECK_FAILS(SetupGetMultiSzFieldW(&Ctx, 1, Multi, Size - 1, &Size), ERROR_INSUFFICIENT_BUFFER);
    CHECK(SetupGetMultiSzFieldW(&Ctx, 1, Multi, 64, &Size));
    CHECK(!wcscmp(Multi, L"caf\x00e9") && !wcscmp(Multi + 5, L"second") && Multi[12] == 0);
    CHECK(SetupGetMultiSzFieldA(&Ctx, 2, A, sizeof(A), &Size));
    CHECK_EQ(Size, 8);
    CHECK(!strcmp(A, "second") && A[7] == 0);
    CHECK(SetupGetMultiSzFieldA(&Ctx, 4, A, sizeof(A), &Size));
    CHECK_EQ(Size, 13);
    CHECK_FAILS(SetupGetMultiSzFieldA(&Ctx, 0, A, sizeof(A), &Size), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupGetMultiSzFieldA(&Ctx, 5, A, sizeof(A), &Size), ERROR_INVALID_PARAMETER);

    /* SetupGetIntField: sign, decimal (no octal), 0x hex, empty is 0. */
    static const struct {
        DWORD Field;
        BOOL Ok;
        INT Value;
    } Ints[] = {{1, TRUE, 48},   {2, TRUE, 4},    {3, TRUE, -12},  {4, TRUE, 7},
                {5, TRUE, -16},  {6, TRUE, 10},   {7, FALSE, 0},   {8, TRUE, 0},
                {9, FALSE, 0},   {10, FALSE, 0}};
    CHECK(SetupFindFirstLineA(Inf, "S", "Key2", &Ctx));
    for (unsigned i = 0; i < sizeof(Ints) / sizeof(Ints[0]); i++) {
        INT v = 0x5555;
        SetLastError(0xdeadbeef);
        BOOL Ok = SetupGetIntField(&Ctx, Ints[i].Field, &v);
        CHECK_EQ(Ok, Ints[i].Ok);
        if (Ok) {
            CHECK_EQ(v, Ints[i].Value);
            CHECK_EQ(GetLastError(), NO_ERROR);
        } else {
            CHECK_EQ(v, 0x5555);
            CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
        }
    }
    INT v = 0x5555;
    CHECK_FAILS(SetupGetIntField(&Ctx, 0, &v), ERROR_INVALID_DATA);   /* key "Key2" */
    CHECK_FAILS(SetupGetIntField(&Ctx, 11, &v), ERROR_INVALID_PARAMETER);
    CHECK_FAILS(SetupGetIntField(&Ctx, 1, NULL), ERROR_INVALID_PARAMETER);
    CHECK(SetupFindFirstLineA(Inf, "S", "123", &Ctx));
    CHECK(SetupGetIntField(&Ctx, 0, &v));
    CHECK_EQ(v, 123);
    CHECK(SetupFindFirstLineA(Inf, "S", "Key4", &Ctx));
    CHECK(SetupGetIntField(&Ctx, 1, &v));
    CHECK_EQ(v, -1);
    CHECK(SetupGetIntField(&Ctx, 2, &v));
    CHECK_EQ(v, 1);                     /* wraps to 32 bits */

    /* SetupGetBinaryField */
    BYTE Bytes[8];
    memset(Bytes, 0xcc, sizeof(Bytes));
    CHECK(SetupFindFirstLineA(Inf, "S", "Bin", &Ctx));
    CHECK(SetupGetBinaryField(&Ctx, 2, NULL, 0, &Size));
    CHECK_EQ(Size, 4);
    CHECK_FAILS(SetupGetBinaryField(&Ctx, 2, Bytes, 3, &Size), ERROR_INSUFFICIENT_BUFFER);
    CHECK(Bytes[0] == 0xcc);
    CHECK(SetupGetBinaryField(&Ctx, 1, Bytes, sizeof(Bytes), &Size));
    CHECK_EQ(Size, 5);
    CHECK(Bytes[0] == 0 && Bytes[1] == 0x11 && Bytes[2] == 0x22 && Bytes[3] == 0xaa && Bytes[4] == 0xff);
    CHECK_FAILS(SetupGetBinaryField(&Ctx, 0, Bytes, sizeof(Bytes), &Size), ERROR_INVALID_PARAMETER);
    CHECK(SetupFindFirstLineA(Inf, "S", "BadBin", &Ctx));
    Size = 0xdeadbeef;
    CHECK_FAILS(SetupGetBinaryField(&Ctx, 1, Bytes, sizeof(Bytes), &Size), ERROR_INVALID_DATA);
    CHECK_EQ(Size, 0xdeadbeef);

    /* A context for a line that does not exist. */
    CHECK(SetupFindFirstLineA(Inf, "S", NULL, &Ctx));
    Other = Ctx;
    Other.Line = 1000;
    CHECK_FAILS(SetupGetStringFieldA(&Other, 1, A, sizeof(A), NULL), ERROR_LINE_NOT_FOUND);
    CHECK_FAILS(SetupFindNextLine(&Other, &Other), ERROR_LINE_NOT_FOUND);
    Other = Ctx;
    Other.Inf = NULL;
    CHECK_FAILS(SetupGetFieldCount(&Other), ERROR_INVALID_HANDLE);
    /* The blank line was not a line. */
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 0, "Key2");
    SetupCloseInfFile(Inf);
}

/* ---- appended files ------------------------------------------------------------------------- */

static void TestAppend(void)
{
    INFCONTEXT Ctx;
    UINT Line;
    CreateDirectoryA("C:\\windows", NULL);
    CreateDirectoryA("C:\\windows\\inf", NULL);
    WriteText("C:\\windows\\inf\\ntiolayout.inf",
              "[Version]\nSignature=$Windows NT$\n[SourceDisksFiles]\nlayout.sys=1\n[Shared]\nfrom=layout\n");
    WriteText(TESTDIR "\\second.inf",
              "[Version]\nSignature=$Windows NT$\n[Shared]\nfrom=second\nalso=second\n[OnlySecond]\nk=%V%\n"
              "[Strings]\nV=second's own strings\n");
    HINF Inf = OpenText("first.inf",
                        "[Version]\nSignature=$Windows NT$\nLayoutFile=ntiolayout.inf\n"
                        "[Shared]\nfrom=first\n[Strings]\nV=first's strings\n",
                        &Line);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    if (Inf == INVALID_HANDLE_VALUE)
        return;
    /* A bare name is found in %windir%\inf. */
    HINF Layout = SetupOpenInfFileA("ntiolayout.inf", NULL, INF_STYLE_WIN4, NULL);
    CHECK(Layout != INVALID_HANDLE_VALUE);
    SetupCloseInfFile(Layout);

    SetLastError(0xdeadbeef);
    CHECK(SetupOpenAppendInfFileA(TESTDIR "\\second.inf", Inf, &Line));
    CHECK_EQ(GetLastError(), NO_ERROR);
    CHECK(SetupOpenAppendInfFileW(NULL, Inf, &Line));       /* LayoutFile */
    CHECK_EQ(SetupGetLineCountA(Inf, "Shared"), 4);
    CHECK(SetupGetLineByIndexA(Inf, "Shared", 2, &Ctx));
    CHECK_FIELD(&Ctx, 0, "also");
    CHECK(SetupGetLineByIndexA(Inf, "Shared", 3, &Ctx));
    CHECK_FIELD(&Ctx, 1, "layout");
    CHECK(SetupFindFirstLineA(Inf, "Shared", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 1, "first");
    PVOID FirstFile = Ctx.CurrentInf;
    CHECK(SetupFindNextLine(&Ctx, &Ctx));
    CHECK_FIELD(&Ctx, 1, "second");
    CHECK(Ctx.CurrentInf != FirstFile && Ctx.Inf == Inf);
    CHECK(SetupFindNextMatchLineA(&Ctx, "from", &Ctx));
    CHECK_FIELD(&Ctx, 1, "layout");
    CHECK_FAILS(SetupFindNextLine(&Ctx, &Ctx), ERROR_LINE_NOT_FOUND);
    CHECK(SetupFindFirstLineA(Inf, "Shared", "also", &Ctx));
    /* Each file keeps its own strings. */
    CHECK(SetupFindFirstLineA(Inf, "OnlySecond", "k", &Ctx));
    CHECK_FIELD(&Ctx, 1, "second's own strings");
    CHECK(SetupFindFirstLineA(Inf, "SourceDisksFiles", "layout.sys", &Ctx));

    /* Errors */
    CHECK_FAILS(SetupOpenAppendInfFileA(TESTDIR "\\missing.inf", Inf, &Line), ERROR_FILE_NOT_FOUND);
    CHECK_FAILS(SetupOpenAppendInfFileA(TESTDIR "\\nover.inf", Inf, &Line), ERROR_WRONG_INF_STYLE);
    CHECK_FAILS(SetupOpenAppendInfFileA(TESTDIR "\\second.inf", NULL, &Line), ERROR_INVALID_HANDLE);
    HINF NoLayout = OpenText("nolayout.inf", STD_HEADER, NULL);
    CHECK_FAILS(SetupOpenAppendInfFileA(NULL, NoLayout, &Line), ERROR_INVALID_DATA);
    SetupCloseInfFile(NoLayout);
    Line = 0;
    CHECK_FAILS(SetupOpenAppendInfFileA(TESTDIR "\\bad-section.inf", Inf, &Line),
                ERROR_BAD_SECTION_NAME_LINE);
    CHECK_EQ(Line, 4);
    CHECK_EQ(SetupGetLineCountA(Inf, "Shared"), 4);
    SetupCloseInfFile(Inf);
}

/* ---- section selection: Models, DDInstall, Include/Needs ------------------------------------------ */

static void CheckModels(const char *Manufacturer, PCINFP_PLATFORM Platform, const WCHAR *Expected)
{
    char Data[512];
    INFCONTEXT Ctx;
    snprintf(Data, sizeof(Data), STD_HEADER "[Manufacturer]\n%s\n[Strings]\nMfg=Contoso\n",
             Manufacturer);
    HINF Inf = OpenText("models.inf", Data, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    CHECK(SetupFindFirstLineA(Inf, "Manufacturer", NULL, &Ctx));
    PWSTR Section = NULL;
    DWORD Error = InfpSelectModelsSection(InfpContextLine(&Ctx, NULL), Platform, &Section);
    if (!Expected) {
        CHECK_EQ(Error, ERROR_INVALID_PARAMETER);
        CHECK(Section == NULL);
    } else {
        CHECK_EQ(Error, ERROR_SUCCESS);
        CHECK(Section && !wcscmp(Section, Expected));
        if (Section && wcscmp(Section, Expected))
            fprintf(stderr, "models for \"%s\": unexpected section\n", Manufacturer);
    }
    free(Section);
    SetupCloseInfFile(Inf);
}

static void TestModels(void)
{
    const INFP_PLATFORM Win10_1703 = {L"amd64", 10, 0, 15063, 1, 0x100};
    const INFP_PLATFORM Win11 = {L"amd64", 11, 0, 22000, 1, 0x100};
    const INFP_PLATFORM X86 = {L"x86", 10, 0, 19041, 1, 0x100};
    const INFP_PLATFORM Arm64 = {L"arm64", 10, 0, 19041, 1, 0x100};
    const INFP_PLATFORM XP = {L"x86", 5, 1, 2600, 1, 0};
    const INFP_PLATFORM XPDatacenter = {L"x86", 5, 1, 2600, 3, 0x80};
    const INFP_PLATFORM Server = {L"amd64", 10, 0, 19041, 3, 0x110};
    const char *Toaster = "%Mfg% = Standard, NTamd64, NTamd64.10.0...16299, NTx86, NTamd64.11.0";

    CHECK(InfpNtioPlatform()->MajorVersion == 10 && InfpNtioPlatform()->BuildNumber == 19041);
    CheckModels(Toaster, NULL, L"Standard.NTamd64.10.0...16299");
    CheckModels(Toaster, &Win10_1703, L"Standard.NTamd64");
    CheckModels(Toaster, &Win11, L"Standard.NTamd64.11.0");
    CheckModels(Toaster, &X86, L"Standard.NTx86");
    CheckModels(Toaster, &Arm64, L"Standard");
    /* "a specific version number takes precedence over product type and suite mask" */
    CheckModels("%Mfg% = M, NT, NT.5, NT.5.5, NT....0x80", &XP, L"M.NT.5");
    CheckModels("%Mfg% = M, NT, NT.5, NT.5.5, NT....0x80", &XPDatacenter, L"M.NT.5");
    CheckModels("%Mfg% = M, NT, NT....0x80", &XPDatacenter, L"M.NT....0x80");
    CheckModels("%Mfg% = M, NTx86....0x80, NTamd64", NULL, L"M.NTamd64");
    CheckModels("%Mfg% = M, NTamd64...3, NTamd64...1", NULL, L"M.NTamd64...1");
    CheckModels("%Mfg% = M, NTamd64...3, NTamd64", &Server, L"M.NTamd64...3");
    CheckModels("%Mfg% = M, NTamd64....0x100, NTamd64....0x10", &Server, L"M.NTamd64....0x100");
    CheckModels("%Mfg% = M, NT.6.1, NTamd64.6.1", NULL, L"M.NTamd64.6.1");
    CheckModels("%Mfg% = M, NTamd64.6.1, NTamd64.10.0, NTamd64.10.0...14310", NULL,
                L"M.NTamd64.10.0...14310");
    CheckModels("%Mfg% = M, NTamd64.10.0...14310, NTamd64.10.0...19042", NULL,
                L"M.NTamd64.10.0...14310");
    CheckModels("%Mfg% = M, NTamd64.6.3...99999", NULL, L"M.NTamd64.6.3...99999");
    CheckModels("%Mfg% = M, NTamd64.10.1", NULL, L"M");
    CheckModels("%Mfg% = M, ntAMD64", NULL, L"M.ntAMD64");
    CheckModels("%Mfg% = M, NTamd64.x, Win10, NTia64", NULL, L"M");
    CheckModels("%Mfg% = M, NTamd64.10.0.1.2.3.4", NULL, L"M");
    CheckModels("Contoso", NULL, L"Contoso");
    CheckModels("%Mfg% = ,NTamd64", NULL, NULL);
    CHECK_EQ(InfpSelectModelsSection(NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
}

static void TestInstallSections(void)
{
    HINF Inf = OpenText("install.inf",
                        STD_HEADER "[X]\n[X.NT]\n[x.ntamd64]\n[Y]\n[Y.NT]\n[Plain]\n[Z.NTx86]\n", NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    PINF_FILE File = InfpFromHandle(Inf);
    CHECK(File != NULL);
    const INFP_PLATFORM X86 = {L"x86", 10, 0, 19041, 1, 0x100};
    PWSTR Section;
    PCWSTR Extension;
    CHECK_EQ(InfpSelectInstallSection(File, L"X", NULL, &Section, &Extension), ERROR_SUCCESS);
    CHECK(!wcscmp(Section, L"X.NTamd64") && !wcscmp(Extension, L".NTamd64"));
    free(Section);
    CHECK_EQ(InfpSelectInstallSection(File, L"Y", NULL, &Section, NULL), ERROR_SUCCESS);
    CHECK(!wcscmp(Section, L"Y.NT"));
    free(Section);
    CHECK_EQ(InfpSelectInstallSection(File, L"Plain", NULL, &Section, &Extension), ERROR_SUCCESS);
    CHECK(!wcscmp(Section, L"Plain") && Extension && !Extension[0]);
    free(Section);
    CHECK_EQ(InfpSelectInstallSection(File, L"X", &X86, &Section, NULL), ERROR_SUCCESS);
    CHECK(!wcscmp(Section, L"X.NT"));
    free(Section);
    CHECK_EQ(InfpSelectInstallSection(File, L"Z", &X86, &Section, NULL), ERROR_SUCCESS);
    CHECK(!wcscmp(Section, L"Z.NTx86"));
    free(Section);
    Section = (PWSTR)1;
    CHECK_EQ(InfpSelectInstallSection(File, L"Z", NULL, &Section, NULL), ERROR_SECTION_NOT_FOUND);
    CHECK(Section == NULL);
    CHECK_EQ(InfpSelectInstallSection(File, L"Missing", NULL, &Section, NULL), ERROR_SECTION_NOT_FOUND);
    CHECK_EQ(InfpSelectInstallSection(NULL, L"X", NULL, &Section, NULL), ERROR_INVALID_PARAMETER);
    SetupCloseInfFile(Inf);
}

static BOOL MergedIs(const INF_MERGED_LINE *m, const WCHAR *Key, const WCHAR *Field1)
{
    return m->Line->Key && !wcscmp(m->Line->Key, Key) && !wcscmp(m->Line->Fields[0], Field1);
}

static void TestIncludeNeeds(void)
{
    CreateDirectoryA(TESTDIR "\\pkg", NULL);
    WriteText(TESTDIR "\\pkg\\base.inf",
              "[Version]\nSignature=$Windows NT$\n"
              "[Base.Registration]\nAddReg=Base.AddReg\nInclude=nested.inf\nNeeds=Base.Nested\n"
              "[Base.Services]\nAddService=base,,Base.Service\n"
              "[Base.AddReg]\nHKR,,X,,%BaseStr%\n"
              "[Base.Nested]\nAddReg=Never\n"
              "[Strings]\nBaseStr=\"from base\"\n");
    WriteText("C:\\windows\\inf\\ntiosys.inf",
              "[Version]\nSignature=$Windows NT$\n[Sys.Install]\nCopyFiles=Sys.Copy\n");
    WriteText(TESTDIR "\\pkg\\main.inf",
              "[Version]\nSignature=$Windows NT$\n"
              "[Inst.NTamd64]\n"
              "Include = base.inf, ntiosys.inf\n"
              "Needs = Base.Registration, Base.Services\n"
              "CopyFiles = Main.Copy\n"
              "Needs = Sys.Install\n"
              "AddReg = Main.AddReg\n"
              "[Inst.NTamd64]\n"
              "DelReg = Main.DelReg\n"
              "[Bad.Needs]\nInclude=base.inf\nNeeds=No.Such.Section\n"
              "[Bad.Include]\nInclude=no-such-file.inf\n"
              "[Plain]\nAddReg=Plain.AddReg\n");
    HINF Inf = SetupOpenInfFileA(TESTDIR "\\pkg\\main.inf", NULL, INF_STYLE_WIN4, NULL);
    CHECK(Inf != INVALID_HANDLE_VALUE);
    if (Inf == INVALID_HANDLE_VALUE)
        return;
    PINF_FILE File = InfpFromHandle(Inf);
    INF_LINE_LIST List;
    CHECK_EQ(SetupGetLineCountA(Inf, "Base.AddReg"), -1);
    CHECK_EQ(InfpGetInstallSectionLines(File, L"inst.ntamd64", &List), ERROR_SUCCESS);
    CHECK_EQ(List.Count, 6);
    if (List.Count == 6) {
        CHECK(MergedIs(&List.Lines[0], L"CopyFiles", L"Main.Copy") && List.Lines[0].File == File);
        CHECK(MergedIs(&List.Lines[1], L"AddReg", L"Main.AddReg"));
        CHECK(MergedIs(&List.Lines[2], L"DelReg", L"Main.DelReg"));
        CHECK(MergedIs(&List.Lines[3], L"AddReg", L"Base.AddReg") && List.Lines[3].File != File);
        CHECK(!wcscmp(List.Lines[3].Section, L"Base.Registration"));
        CHECK(MergedIs(&List.Lines[4], L"AddService", L"base"));
        CHECK(MergedIs(&List.Lines[5], L"CopyFiles", L"Sys.Copy"));
        CHECK_EQ(List.Lines[5].Line->LineNumber, 4);
    }
    InfpFreeLineList(&List);
    CHECK(List.Lines == NULL && List.Count == 0);
    /* The included files are part of the HINF now, each with its strings. */
    INFCONTEXT Ctx;
    CHECK(SetupFindFirstLineA(Inf, "Base.AddReg", NULL, &Ctx));
    CHECK_FIELD(&Ctx, 5, "from base");
    CHECK_EQ(SetupGetLineCountA(Inf, "Base.AddReg"), 1);
    /* Twice: nothing is loaded twice. */
    CHECK_EQ(InfpGetInstallSectionLines(File, L"Inst.NTamd64", &List), ERROR_SUCCESS);
    CHECK_EQ(List.Count, 6);
    InfpFreeLineList(&List);
    CHECK_EQ(SetupGetLineCountA(Inf, "Base.AddReg"), 1);
    CHECK_EQ(SetupGetLineCountA(Inf, "Version"), 3);

    CHECK_EQ(InfpGetInstallSectionLines(File, L"Plain", &List), ERROR_SUCCESS);
    CHECK_EQ(List.Count, 1);
    InfpFreeLineList(&List);
    CHECK_EQ(InfpGetInstallSectionLines(File, L"Bad.Needs", &List), ERROR_SECTION_NOT_FOUND);
    CHECK(List.Lines == NULL);
    CHECK_EQ(InfpGetInstallSectionLines(File, L"Bad.Include", &List), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(InfpGetInstallSectionLines(File, L"No.Section", &List), ERROR_SECTION_NOT_FOUND);
    CHECK_EQ(InfpGetInstallSectionLines(NULL, L"Plain", &List), ERROR_INVALID_PARAMETER);
    SetupCloseInfFile(Inf);
}

/* ---- the private walking API ---------------------------------------------------------------- */

static void TestPrivateWalk(void)
{
    PINF_FILE File;
    UINT Line = 0;
    const char Text[] = STD_HEADER "[A]\nk=v1,v2\nsolo\n";
    CHECK_EQ(InfpOpenBuffer(L"C:\\mem.inf", Text, sizeof(Text) - 1, INF_STYLE_WIN4, &File, &Line),
             ERROR_SUCCESS);
    CHECK(InfpFromHandle(File) == File);
    PCINF_SECTION Section = InfpFindSection(File, L"a");
    CHECK(Section && Section->LineCount == 2);
    if (Section && Section->LineCount == 2) {
        CHECK(!wcscmp(Section->Lines[0].Key, L"k") && Section->Lines[0].FieldCount == 2);
        CHECK(!wcscmp(InfpLineField(&Section->Lines[0], 2), L"v2"));
        CHECK(InfpLineField(&Section->Lines[0], 3) == NULL);
        CHECK(Section->Lines[1].Key == Section->Lines[1].Fields[0]);
        CHECK_EQ(Section->Lines[1].LineNumber, 5);
    }
    CHECK(InfpSectionExists(File, L"Version") && !InfpSectionExists(File, L"B"));
    CHECK(InfpCompareNames(L"ABC", L"abc") == 0 && InfpCompareNames(L"abc", L"abd") < 0);
    CHECK(File->Style == INF_STYLE_WIN4 && File->StringsLanguage == 0xFFFF);
    INFCONTEXT Ctx;
    PCINF_LINE L = InfpFindFirstLine(File, L"A", L"SOLO", &Ctx);
    CHECK(L && L->FieldCount == 1);
    CHECK(InfpFindNextLine(&Ctx, NULL, &Ctx) == NULL);
    InfpClose(File);
    CHECK_EQ(InfpOpenBuffer(L"C:\\mem.inf", "x", 1, INF_STYLE_WIN4, &File, &Line), ERROR_WRONG_INF_STYLE);
    CHECK(File == NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURE_DIR [diag]\n", argv[0]);
        return 2;
    }
    /* The fixtures' Linux directory as a Z: path. */
    WCHAR *o = FixtureDir;
    *o++ = L'Z';
    *o++ = L':';
    for (const char *p = argv[1]; *p && o < FixtureDir + 500; p++)
        *o++ = *p == '/' ? L'\\' : (WCHAR)(unsigned char)*p;
    *o = 0;
    CreateDirectoryA(TESTDIR, NULL);

    if (argc > 2 && !strcmp(argv[2], "diag"))
        return Diagnostics();

    TestDriverPackage();
    TestInx();
    TestKeysAndFields();
    TestSections();
    TestLimits();
    TestEncodings();
    TestLocalizedStrings();
    TestMalformed();
    TestApi();
    TestAppend();
    TestModels();
    TestInstallSections();
    TestIncludeNeeds();
    TestPrivateWalk();
    return test_summary("setupapi inf");
}
