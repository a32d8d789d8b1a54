/*
 * ntio/guiddef.h - GUIDs: DEFINE_GUID, IsEqualGUID and friends.
 *
 * As in Windows' guiddef.h, DEFINE_GUID declares the GUID (extern) unless
 * INITGUID is defined, in which case it defines it (a weak, "selectany"
 * definition, so several files may define the same GUID).  The DEFINE_GUID
 * part sits outside the include guard: <initguid.h> defines INITGUID and
 * includes this file again, switching DEFINE_GUID to definitions for the
 * headers that follow.
 */
#ifndef NTIO_GUIDDEF_H
#define NTIO_GUIDDEF_H

#include <string.h>
#include <ntio/basetypes.h>

typedef GUID IID, CLSID, FMTID;
typedef GUID *LPIID, *LPCLSID;
#ifdef __cplusplus
#define REFGUID const GUID &
#define REFIID const IID &
#define REFCLSID const IID &
#define REFFMTID const IID &
#else
#define REFGUID const GUID *
#define REFIID const IID *
#define REFCLSID const IID *
#define REFFMTID const IID *
#endif

static __inline__ int NtioIsEqualGuid(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}
#ifdef __cplusplus
#define InlineIsEqualGUID(a, b) NtioIsEqualGuid(&(a), &(b))
#define IsEqualGUID(a, b) NtioIsEqualGuid(&(a), &(b))
#else
#define InlineIsEqualGUID(a, b) NtioIsEqualGuid((a), (b))
#define IsEqualGUID(a, b) NtioIsEqualGuid((a), (b))
#endif
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)

#endif /* NTIO_GUIDDEF_H */

/* Outside the guard, on purpose (see above). */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
/* In C a definition takes no `extern`; in C++ a namespace-scope const needs
 * it to have external linkage. */
#ifdef __cplusplus
#define NTIO_GUID_LINKAGE extern "C"
#else
#define NTIO_GUID_LINKAGE
#endif
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    NTIO_GUID_LINKAGE const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) EXTERN_C const GUID name
#endif
#ifndef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
#endif
