/*
 * tools/devcon/enum.c - the devices a devcon command selects.
 *
 * Present devices come from the device tree (CM_Locate_DevNode on the root,
 * then CM_Get_Child/CM_Get_Sibling, parents before children); findall adds
 * the instances that are only in the registry (Enum\<enumerator>\<device>\
 * <instance>, located with CM_LOCATE_DEVNODE_PHANTOM).  The arguments are
 * parsed as devcon parses them: an optional =<class> first, then `*` alone
 * (every device) or IDs, each an alternative.  An ID that starts with `@` is
 * matched against the instance ID, any other against the hardware and
 * compatible IDs; `'` after the optional `@` makes the rest literal, else
 * `*` is a wildcard.  An `@` instance ID without wildcards names a device
 * even when it is not present, as devcon adds it to the list by hand.
 */
#include "devcon.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static BOOL DcAppend(DC_LIST *List, PCWSTR Id, DEVINST Dev, BOOL Present)
{
    for (ULONG i = 0; i < List->Count; i++)
        if (!_wcsicmp(List->Items[i].Id, Id))
            return TRUE;
    if (List->Count == List->Capacity) {
        ULONG Capacity = List->Capacity ? List->Capacity * 2 : 32;
        DC_DEVICE *Items = realloc(List->Items, Capacity * sizeof *Items);
        if (!Items)
            return FALSE;
        List->Items = Items;
        List->Capacity = Capacity;
    }
    PWSTR Copy = _wcsdup(Id);
    if (!Copy)
        return FALSE;
    List->Items[List->Count].Id = Copy;
    List->Items[List->Count].Dev = Dev;
    List->Items[List->Count].Present = Present;
    List->Count++;
    return TRUE;
}

void DcFreeList(DC_LIST *List)
{
    for (ULONG i = 0; i < List->Count; i++)
        free(List->Items[i].Id);
    free(List->Items);
    List->Items = NULL;
    List->Count = List->Capacity = 0;
}

/* ---- properties ---------------------------------------------------------- */

static PWSTR DcGetProperty(DEVINST Dev, ULONG Property, DWORD WantType)
{
    ULONG Type = 0, Length = 0;
    CONFIGRET cr = CM_Get_DevNode_Registry_PropertyW(Dev, Property, &Type, NULL, &Length, 0);
    if (cr != CR_BUFFER_SMALL || Type != WantType)
        return NULL;
    /* Two spare NULs: a value stored without its terminators still ends. */
    BYTE *Buffer = calloc(1, Length + 2 * sizeof(WCHAR));
    if (!Buffer)
        return NULL;
    if (CM_Get_DevNode_Registry_PropertyW(Dev, Property, &Type, Buffer, &Length, 0) != CR_SUCCESS ||
        Type != WantType) {
        free(Buffer);
        return NULL;
    }
    return (PWSTR)Buffer;
}

PWSTR DcGetString(DEVINST Dev, ULONG Property)
{
    return DcGetProperty(Dev, Property, REG_SZ);
}

PWSTR DcGetMultiSz(DEVINST Dev, ULONG Property)
{
    return DcGetProperty(Dev, Property, REG_MULTI_SZ);
}

PWSTR DcGetDescription(DEVINST Dev)
{
    PWSTR Desc = DcGetString(Dev, CM_DRP_FRIENDLYNAME);
    return Desc ? Desc : DcGetString(Dev, CM_DRP_DEVICEDESC);
}

PWSTR DcRegString(PCWSTR Path, PCWSTR Value, DWORD Type)
{
    HKEY Key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, Path, 0, KEY_READ, &Key))
        return NULL;
    DWORD Got = 0, Size = 0;
    PWSTR Data = NULL;
    if (!RegQueryValueExW(Key, Value, NULL, &Got, NULL, &Size) &&
        (Got == Type || (Type == REG_SZ && Got == REG_EXPAND_SZ)) &&
        (Data = calloc(1, Size + 2 * sizeof(WCHAR)))) {
        if (RegQueryValueExW(Key, Value, NULL, &Got, (BYTE *)Data, &Size)) {
            free(Data);
            Data = NULL;
        }
    }
    RegCloseKey(Key);
    return Data;
}

/* ---- matching ------------------------------------------------------------ */

BOOL DcWildMatch(PCWSTR Item, PCWSTR Pattern, BOOL Literal)
{
    if (Literal)
        return !_wcsicmp(Item, Pattern);
    /* Iterative glob with one backtrack point: the last `*` seen. */
    PCWSTR Star = NULL, Resume = NULL;
    while (*Item) {
        if (*Pattern == L'*') {
            Star = ++Pattern;
            Resume = Item;
        } else if (*Pattern && towupper(*Pattern) == towupper(*Item)) {
            Pattern++;
            Item++;
        } else if (Star) {
            Pattern = Star;
            Item = ++Resume;
        } else {
            return FALSE;
        }
    }
    while (*Pattern == L'*')
        Pattern++;
    return !*Pattern;
}

static BOOL DcMatchMultiSz(PCWSTR Multi, PCWSTR Pattern, BOOL Literal)
{
    for (PCWSTR s = Multi; s && *s; s += wcslen(s) + 1)
        if (DcWildMatch(s, Pattern, Literal))
            return TRUE;
    return FALSE;
}

typedef struct _DC_PATTERN {
    PCWSTR String;
    BOOL InstanceId, Literal, Wild;
} DC_PATTERN;

static DC_PATTERN DcParsePattern(PCWSTR Arg)
{
    DC_PATTERN p = { Arg, FALSE, FALSE, FALSE };
    if (*p.String == L'@') {
        p.InstanceId = TRUE;
        p.String++;
    }
    if (*p.String == L'\'') {
        p.Literal = TRUE;
        p.String++;
    } else {
        p.Wild = wcschr(p.String, L'*') != NULL;
    }
    return p;
}

static BOOL DcDeviceMatches(const DC_DEVICE *d, const DC_PATTERN *Patterns, int Count)
{
    for (int i = 0; i < Count; i++) {
        const DC_PATTERN *p = &Patterns[i];
        if (p->InstanceId) {
            if (DcWildMatch(d->Id, p->String, p->Literal))
                return TRUE;
            continue;
        }
        PWSTR Hw = DcGetMultiSz(d->Dev, CM_DRP_HARDWAREID);
        PWSTR Compat = DcGetMultiSz(d->Dev, CM_DRP_COMPATIBLEIDS);
        BOOL Match = DcMatchMultiSz(Hw, p->String, p->Literal) ||
                     DcMatchMultiSz(Compat, p->String, p->Literal);
        free(Hw);
        free(Compat);
        if (Match)
            return TRUE;
    }
    return FALSE;
}

/* ---- the device tree and the registry ------------------------------------ */

static BOOL DcAddTree(DC_LIST *List, DEVINST Dev, ULONG Depth)
{
    WCHAR Id[MAX_DEVICE_ID_LEN];
    if (Depth > 64)
        return TRUE;
    /* The root (HTREE\ROOT\0) stands for the tree, not for a device. */
    if (Depth && CM_Get_Device_IDW(Dev, Id, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS &&
        !DcAppend(List, Id, Dev, TRUE))
        return FALSE;
    DEVINST Child;
    if (CM_Get_Child(&Child, Dev, 0) != CR_SUCCESS)
        return TRUE;
    do {
        if (!DcAddTree(List, Child, Depth + 1))
            return FALSE;
    } while (CM_Get_Sibling(&Child, Child, 0) == CR_SUCCESS);
    return TRUE;
}

/* Every Enum\A\B\C instance key not already listed (phantoms). */
static BOOL DcAddRegistry(DC_LIST *List)
{
    HKEY Enum;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DC_ENUM_KEY, 0, KEY_READ, &Enum))
        return TRUE;
    BOOL Ok = TRUE;
    WCHAR Path[3][MAX_DEVICE_ID_LEN];
    for (DWORD i = 0; Ok; i++) {
        DWORD n = MAX_DEVICE_ID_LEN;
        if (RegEnumKeyExW(Enum, i, Path[0], &n, NULL, NULL, NULL, NULL))
            break;
        HKEY Enumerator;
        if (RegOpenKeyExW(Enum, Path[0], 0, KEY_READ, &Enumerator))
            continue;
        for (DWORD j = 0; Ok; j++) {
            n = MAX_DEVICE_ID_LEN;
            if (RegEnumKeyExW(Enumerator, j, Path[1], &n, NULL, NULL, NULL, NULL))
                break;
            HKEY Device;
            if (RegOpenKeyExW(Enumerator, Path[1], 0, KEY_READ, &Device))
                continue;
            for (DWORD k = 0; Ok; k++) {
                n = MAX_DEVICE_ID_LEN;
                if (RegEnumKeyExW(Device, k, Path[2], &n, NULL, NULL, NULL, NULL))
                    break;
                WCHAR Id[3 * MAX_DEVICE_ID_LEN + 3];
                swprintf(Id, sizeof Id / sizeof Id[0], L"%ls\\%ls\\%ls", Path[0], Path[1], Path[2]);
                DEVINST Dev;
                if (CM_Locate_DevNodeW(&Dev, Id, CM_LOCATE_DEVNODE_NORMAL) == CR_SUCCESS)
                    Ok = DcAppend(List, Id, Dev, TRUE);
                else if (CM_Locate_DevNodeW(&Dev, Id, CM_LOCATE_DEVNODE_PHANTOM) == CR_SUCCESS)
                    Ok = DcAppend(List, Id, Dev, FALSE);
            }
            RegCloseKey(Device);
        }
        RegCloseKey(Enumerator);
    }
    RegCloseKey(Enum);
    return Ok;
}

/* The GUID (as text) of the setup class named Name: the Control\Class key
 * whose Class value is Name, as SetupDiClassGuidsFromName finds it. */
static BOOL DcClassGuidFromName(PCWSTR Name, PWSTR Guid, DWORD GuidChars)
{
    HKEY Classes;
    BOOL Found = FALSE;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DC_CLASS_KEY, 0, KEY_READ, &Classes))
        return FALSE;
    for (DWORD i = 0; !Found; i++) {
        DWORD n = GuidChars;
        if (RegEnumKeyExW(Classes, i, Guid, &n, NULL, NULL, NULL, NULL))
            break;
        WCHAR Class[256];
        DWORD Size = sizeof Class - sizeof(WCHAR), Type;
        HKEY Key;
        if (RegOpenKeyExW(Classes, Guid, 0, KEY_READ, &Key))
            continue;
        if (!RegQueryValueExW(Key, L"Class", NULL, &Type, (BYTE *)Class, &Size) && Type == REG_SZ) {
            Class[Size / sizeof(WCHAR)] = 0;
            Found = !_wcsicmp(Class, Name);
        }
        RegCloseKey(Key);
    }
    RegCloseKey(Classes);
    return Found;
}

int DcSelectDevices(int argc, PWSTR *argv, BOOL All, DC_LIST *List)
{
    DC_LIST Candidates = { 0 };
    int Skip = 0;
    BOOL Everything = FALSE, HaveClass = FALSE;
    WCHAR ClassGuid[64];

    memset(List, 0, sizeof *List);
    if (argc > 0 && argv[0][0] == L'=' && argv[0][1]) {
        /* An unknown class selects nothing, and that is not an error. */
        if (!DcClassGuidFromName(argv[0] + 1, ClassGuid, 64))
            return DC_EXIT_OK;
        HaveClass = TRUE;
        Skip = 1;
    }
    if (argc > Skip && !wcscmp(argv[Skip], L"*")) {
        Everything = TRUE;
        Skip++;
    } else if (argc <= Skip) {
        Everything = TRUE;
    }
    int Count = Everything ? 0 : argc - Skip;
    DC_PATTERN *Patterns = calloc(Count ? Count : 1, sizeof *Patterns);
    if (!Patterns)
        return DC_EXIT_FAIL;
    for (int i = 0; i < Count; i++)
        Patterns[i] = DcParsePattern(argv[Skip + i]);

    DEVINST Root;
    int Result = DC_EXIT_FAIL;
    if (CM_Locate_DevNodeW(&Root, NULL, CM_LOCATE_DEVNODE_NORMAL) != CR_SUCCESS ||
        !DcAddTree(&Candidates, Root, 0) || (All && !DcAddRegistry(&Candidates)))
        goto out;
    /* Explicit instance IDs, present or not. */
    for (int i = 0; i < Count; i++) {
        DEVINST Dev;
        if (!Patterns[i].InstanceId || Patterns[i].Wild || !Patterns[i].String[0])
            continue;
        if (CM_Locate_DevNodeW(&Dev, (DEVINSTID_W)Patterns[i].String, CM_LOCATE_DEVNODE_PHANTOM) ==
            CR_SUCCESS) {
            WCHAR Id[MAX_DEVICE_ID_LEN];
            DEVINST Present;
            if (CM_Get_Device_IDW(Dev, Id, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS &&
                !DcAppend(&Candidates, Id, Dev,
                          CM_Locate_DevNodeW(&Present, Id, CM_LOCATE_DEVNODE_NORMAL) == CR_SUCCESS))
                goto out;
        }
    }
    for (ULONG i = 0; i < Candidates.Count; i++) {
        const DC_DEVICE *d = &Candidates.Items[i];
        if (HaveClass) {
            PWSTR Guid = DcGetString(d->Dev, CM_DRP_CLASSGUID);
            BOOL InClass = Guid && !_wcsicmp(Guid, ClassGuid);
            free(Guid);
            if (!InClass)
                continue;
        }
        if (!Everything && !DcDeviceMatches(d, Patterns, Count))
            continue;
        if (!DcAppend(List, d->Id, d->Dev, d->Present))
            goto out;
    }
    Result = DC_EXIT_OK;
out:
    free(Patterns);
    DcFreeList(&Candidates);
    if (Result != DC_EXIT_OK)
        DcFreeList(List);
    return Result;
}
