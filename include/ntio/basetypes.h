/*
 * ntio/basetypes.h - the LLP64 base types shared by driver (DDK) and
 * application (SDK) code, and by the ntio kernel itself.
 *
 * Windows is LLP64: LONG/ULONG/DWORD are 32-bit, pointers and the *_PTR
 * types are 64-bit.  WCHAR is 16-bit UTF-16, so everything that includes
 * this header must be compiled with -fshort-wchar (ntio-cc does that).
 */
#ifndef NTIO_BASETYPES_H
#define NTIO_BASETYPES_H

#include <stddef.h>
#include <stdint.h>

#include <ntio/msvc.h>
#include <ntio/sal.h>

#if !defined(__x86_64__)
#error "ntio targets x86-64 (AMD64) only"
#endif

#ifndef _WIN64
#define _WIN64 1
#endif
#ifndef _AMD64_
#define _AMD64_ 1
#endif
#ifndef _M_AMD64
#define _M_AMD64 100
#endif
#ifndef _M_X64
#define _M_X64 100
#endif

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#define NTIO_EXTERN_C extern "C"
#define NTIO_BEGIN_DECLS extern "C" {
#define NTIO_END_DECLS }
#define NTIO_STATIC_ASSERT static_assert
#else
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#define NTIO_EXTERN_C extern
#define NTIO_BEGIN_DECLS
#define NTIO_END_DECLS
#define NTIO_STATIC_ASSERT _Static_assert
#endif

NTIO_STATIC_ASSERT(sizeof(wchar_t) == 2,
    "ntio: Windows sources need a 16-bit wchar_t; compile with ntio-cc or -fshort-wchar");

/* Calling conventions have no meaning on x86-64 System V; AMD64 Windows has one too. */
#ifndef NTAPI
#define NTAPI
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef FASTCALL
#define FASTCALL
#endif
#ifndef STDAPICALLTYPE
#define STDAPICALLTYPE
#endif
#ifndef WINAPIV
#define WINAPIV
#endif

#ifndef VOID
#define VOID void
typedef char CHAR;
typedef short SHORT;
typedef int LONG;
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef RESTRICTED_POINTER
#define RESTRICTED_POINTER
#endif
#ifndef POINTER_64
#define POINTER_64
#endif
#ifndef POINTER_32
#define POINTER_32
#endif

typedef void *PVOID, *LPVOID;
typedef const void *PCVOID, *LPCVOID;
typedef void **PPVOID;
typedef PVOID PVOID64;

typedef unsigned char UCHAR, *PUCHAR, BYTE, *PBYTE, *LPBYTE, BOOLEAN, *PBOOLEAN;
typedef const unsigned char *PCUCHAR;
typedef CHAR *PCHAR, *PSTR, *LPSTR, *PSZ, *NPSTR;
typedef const CHAR *PCCHAR_, *PCSTR, *LPCSTR, *PCSZ;
typedef CHAR CCHAR, *PCCHAR;
typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef SHORT *PSHORT, CSHORT, *PCSHORT;
typedef unsigned short USHORT, *PUSHORT, WORD, *PWORD, *LPWORD;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef LONG *PLONG, *LPLONG;
typedef unsigned int ULONG, *PULONG, DWORD, *PDWORD, *LPDWORD, UINT, *PUINT;
typedef int INT, *PINT, *LPINT, BOOL, *PBOOL, *LPBOOL;
typedef int INT32, *PINT32, LONG32, *PLONG32;
typedef unsigned int UINT32, *PUINT32, ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef long long LONGLONG, *PLONGLONG, INT64, *PINT64, LONG64, *PLONG64;
typedef unsigned long long ULONGLONG, *PULONGLONG, UINT64, *PUINT64, ULONG64, *PULONG64,
    DWORD64, *PDWORD64, DWORDLONG, *PDWORDLONG;
typedef float FLOAT, *PFLOAT;
typedef double DOUBLE;

typedef long long INT_PTR, *PINT_PTR, LONG_PTR, *PLONG_PTR, SSIZE_T, *PSSIZE_T;
typedef unsigned long long UINT_PTR, *PUINT_PTR, ULONG_PTR, *PULONG_PTR, DWORD_PTR,
    *PDWORD_PTR, SIZE_T, *PSIZE_T, KAFFINITY, *PKAFFINITY;
typedef long long HALF_PTR_;
typedef unsigned long long ULONG64_PTR_;

typedef wchar_t WCHAR, *PWCHAR, *PWSTR, *LPWSTR, *NWPSTR, *PWCH, *LPWCH;
typedef const WCHAR *PCWSTR, *LPCWSTR, *PCWCH, *LPCWCH;
typedef WCHAR *PZZWSTR;
typedef const WCHAR *PCZZWSTR;
typedef CHAR *PZZSTR;
typedef const CHAR *PCZZSTR;
typedef const CHAR *PCCH, *LPCCH;
typedef CHAR *PCH, *LPCH;

#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR, TBYTE;
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
#ifndef __TEXT
#define __TEXT(q) L##q
#endif
#else
typedef CHAR TCHAR, *PTCHAR;
typedef unsigned char TBYTE;
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
#ifndef __TEXT
#define __TEXT(q) q
#endif
#endif
#ifndef TEXT
#define TEXT(q) __TEXT(q)
#endif

typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef LONG HRESULT;
typedef ULONG LOGICAL, *PLOGICAL;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;
typedef ULONGLONG ULONGLONG_;
typedef USHORT LANGID;
typedef ULONG LCID;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffffU
#define MAXLONG 0x7fffffff
#define MINLONG ((LONG)0x80000000)
#define MAXLONGLONG (0x7fffffffffffffffLL)
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXDWORD 0xffffffffU
#define MAXWORD 0xffff
#define MAXBYTE 0xff

typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *RESTRICTED_POINTER PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID, *LPGUID;
typedef const GUID *LPCGUID, *PCGUID;
#endif

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define _ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - (ULONG_PTR)offsetof(type, field)))
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))

#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))
#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define MAKEWORD(a, b) ((WORD)(((BYTE)(((DWORD_PTR)(a)) & 0xff)) | ((WORD)((BYTE)(((DWORD_PTR)(b)) & 0xff))) << 8))
#define MAKELONG(a, b) ((LONG)(((WORD)(((DWORD_PTR)(a)) & 0xffff)) | ((DWORD)((WORD)(((DWORD_PTR)(b)) & 0xffff))) << 16))

#if !defined(NOMINMAX) && !defined(__cplusplus)
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

#endif /* NTIO_BASETYPES_H */
