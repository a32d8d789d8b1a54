/*
 * ntio/msvc.h - Microsoft compiler extensions that real Windows sources use,
 * expressed in GCC terms.  Included by every ntio header; nothing here
 * changes the meaning of code that does not use the extensions.
 */
#ifndef NTIO_MSVC_H
#define NTIO_MSVC_H

/* __declspec(x) becomes the GCC attribute that means the same thing. */
#define __declspec(x) __ntio_declspec_##x
#define __ntio_declspec_dllexport __attribute__((visibility("default")))
#define __ntio_declspec_dllimport
#define __ntio_declspec_noinline __attribute__((noinline))
#define __ntio_declspec_noreturn __attribute__((noreturn))
#define __ntio_declspec_nothrow
#define __ntio_declspec_novtable
#define __ntio_declspec_noalias
#define __ntio_declspec_restrict
#define __ntio_declspec_naked __attribute__((naked))
#define __ntio_declspec_selectany __attribute__((weak))
#define __ntio_declspec_thread __thread
#define __ntio_declspec_deprecated __attribute__((deprecated))
#define __ntio_declspec_align(n) __attribute__((aligned(n)))
#define __ntio_declspec_code_seg(s)
#define __ntio_declspec_allocate(s)
#define __ntio_declspec_uuid(s)
#define __ntio_declspec_property(...)
#define __ntio_declspec_safebuffers
#define __ntio_declspec_guard(...)

#ifndef __forceinline
#define __forceinline __inline__ __attribute__((always_inline))
#endif
#ifndef FORCEINLINE
#define FORCEINLINE static __forceinline
#endif
#ifndef __inline
#define __inline __inline__
#endif
#ifndef _inline
#define _inline __inline__
#endif
#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long
#ifndef __cdecl
#define __cdecl
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef __thiscall
#define __thiscall
#endif
#define __ptr64
#define __ptr32
#define __unaligned
#define __w64
#define __assume(x) ((void)0)
#define __noop(...) ((void)0)
#define __nop() __asm__ __volatile__("nop")
#define __debugbreak() __asm__ __volatile__("int3")
#define _ReturnAddress() __builtin_return_address(0)
#define _AddressOfReturnAddress() ((void *)((char *)__builtin_frame_address(0) + sizeof(void *)))
#define __alignof(x) __alignof__(x)
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef _alloca
#define _alloca(n) __builtin_alloca(n)
#endif
#ifndef C_ASSERT
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : -1] __attribute__((unused))
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOTHROW
#define DECLSPEC_DEPRECATED __attribute__((deprecated))
#define DECLSPEC_CACHEALIGN __attribute__((aligned(64)))
#define DECLSPEC_GUARDNOCF
#define DECLSPEC_NOVTABLE
#define DECLSPEC_UUID(x)
#define NTIO_EXPORT __attribute__((visibility("default")))

#endif /* NTIO_MSVC_H */
