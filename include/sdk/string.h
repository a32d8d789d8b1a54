/*
 * string.h - glibc's string functions, Microsoft's additions (_stricmp,
 * strcpy_s, _strdup ...) and, as in Microsoft's header, the wide-string
 * functions (corecrt_wstring.h).  Implemented in win32/msvcrt/string.c.
 */
#if (defined(_NTIO_WIN32_) || defined(_NTIO_KERNEL_)) && !defined(_NTIO_MSVCRT_)
#include_next <string.h>
#else
#ifndef _NTIO_SDK_STRING_H
#define _NTIO_SDK_STRING_H
#pragma GCC system_header

#include <corecrt.h>
#include_next <string.h>

__BEGIN_DECLS

/* ASCII case folding, as Microsoft's in the "C" locale. */
_CRTIMP int _stricmp(const char *_String1, const char *_String2) __attribute_pure__;
_CRTIMP int _strnicmp(const char *_String1, const char *_String2, size_t _MaxCount)
    __attribute_pure__;
_CRTIMP int _strcmpi(const char *_String1, const char *_String2) _NTIO_CRT_ALIAS("_stricmp")
    __attribute_pure__;
_CRTIMP int _stricoll(const char *_String1, const char *_String2) _NTIO_CRT_ALIAS("_stricmp")
    __attribute_pure__;
_CRTIMP int _strnicoll(const char *_String1, const char *_String2, size_t _MaxCount)
    _NTIO_CRT_ALIAS("_strnicmp") __attribute_pure__;
_CRTIMP int _strncoll(const char *_String1, const char *_String2, size_t _MaxCount)
    _NTIO_CRT_ALIAS("strncmp") __attribute_pure__;
_CRTIMP int _memicmp(const void *_Buffer1, const void *_Buffer2, size_t _Size)
    __attribute_pure__;
_CRTIMP char *_strdup(const char *_Source) _NTIO_CRT_ALIAS_NTH("strdup") __attribute_malloc__;
_CRTIMP char *_strlwr(char *_String);
_CRTIMP char *_strupr(char *_String);
_CRTIMP errno_t _strlwr_s(char *_String, size_t _Size);
_CRTIMP errno_t _strupr_s(char *_String, size_t _Size);
_CRTIMP char *_strrev(char *_String);
_CRTIMP char *_strset(char *_String, int _Value);
_CRTIMP char *_strnset(char *_String, int _Value, size_t _MaxCount);
_CRTIMP char *_strerror(const char *_ErrorMessage);

/*
 * The bounds-checked functions: EINVAL for a NULL pointer or a zero size,
 * ERANGE (destination set to "") when the result does not fit, STRUNCATE
 * when _TRUNCATE cut the result; each error first calls the
 * invalid-parameter handler (not for STRUNCATE).
 */
_CRTIMP errno_t strcpy_s(char *_Destination, rsize_t _SizeInBytes, const char *_Source);
_CRTIMP errno_t strncpy_s(char *_Destination, rsize_t _SizeInBytes, const char *_Source,
                          rsize_t _MaxCount);
_CRTIMP errno_t strcat_s(char *_Destination, rsize_t _SizeInBytes, const char *_Source);
_CRTIMP errno_t strncat_s(char *_Destination, rsize_t _SizeInBytes, const char *_Source,
                          rsize_t _MaxCount);
_CRTIMP size_t strnlen_s(const char *_String, size_t _MaxCount) __attribute_pure__;
_CRTIMP char *strtok_s(char *_String, const char *_Delimiter, char **_Context);
_CRTIMP errno_t memcpy_s(void *_Destination, rsize_t _DestinationSize, const void *_Source,
                         rsize_t _SourceSize);
_CRTIMP errno_t memmove_s(void *_Destination, rsize_t _DestinationSize, const void *_Source,
                          rsize_t _SourceSize);
_CRTIMP errno_t strerror_s(char *_Buffer, size_t _SizeInBytes, int _ErrorNumber);

/* The old names without the underscore. */
_CRTIMP int stricmp(const char *_String1, const char *_String2) _NTIO_CRT_ALIAS("_stricmp")
    __attribute_pure__;
_CRTIMP int strnicmp(const char *_String1, const char *_String2, size_t _MaxCount)
    _NTIO_CRT_ALIAS("_strnicmp") __attribute_pure__;
_CRTIMP int strcmpi(const char *_String1, const char *_String2) _NTIO_CRT_ALIAS("_stricmp")
    __attribute_pure__;
_CRTIMP int memicmp(const void *_Buffer1, const void *_Buffer2, size_t _Size)
    _NTIO_CRT_ALIAS("_memicmp") __attribute_pure__;
_CRTIMP char *strlwr(char *_String) _NTIO_CRT_ALIAS("_strlwr");
_CRTIMP char *strupr(char *_String) _NTIO_CRT_ALIAS("_strupr");
_CRTIMP char *strrev(char *_String) _NTIO_CRT_ALIAS("_strrev");
_CRTIMP char *strset(char *_String, int _Value) _NTIO_CRT_ALIAS("_strset");
_CRTIMP char *strnset(char *_String, int _Value, size_t _MaxCount) _NTIO_CRT_ALIAS("_strnset");

__END_DECLS

#ifdef __cplusplus
extern "C++" {
_NTIO_CPP_ARRAY_0_1(errno_t, strcpy_s, char, _Destination, const char *, _Source)
_NTIO_CPP_ARRAY_0_2(errno_t, strncpy_s, char, _Destination, const char *, _Source, size_t, _Count)
_NTIO_CPP_ARRAY_0_1(errno_t, strcat_s, char, _Destination, const char *, _Source)
_NTIO_CPP_ARRAY_0_2(errno_t, strncat_s, char, _Destination, const char *, _Source, size_t, _Count)
_NTIO_CPP_ARRAY_0_0(errno_t, _strlwr_s, char, _String)
_NTIO_CPP_ARRAY_0_0(errno_t, _strupr_s, char, _String)
_NTIO_CPP_ARRAY_0_1(errno_t, strerror_s, char, _Buffer, int, _ErrorNumber)
}
#endif

#include <corecrt_wstring.h>

#endif /* _NTIO_SDK_STRING_H */
#endif
