/*
 * msvcrt/wctype.c - wide-character classification and case mapping.
 *
 * Classification is Unicode's whatever the locale (Microsoft's tables
 * cover every wchar_t): glibc's classification under the C.UTF-8 locale,
 * which knows every code point; a surrogate and WEOF belong to no class.
 * Case mapping is glibc's under the current locale (ASCII only in the "C"
 * locale, as Microsoft's), surrogates unchanged.  Without a C.UTF-8 locale
 * on the system classification falls back to the current locale's.
 */
#include "crt.h"

#include <pthread.h>

static locale_t CrtUnicodeLocale;
static pthread_once_t CrtUnicodeOnce = PTHREAD_ONCE_INIT;

static void CrtUnicodeInit(void)
{
    locale_t Locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (Locale == (locale_t)0) {
        Locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
    }
    CrtUnicodeLocale = Locale != (locale_t)0 ? Locale : LC_GLOBAL_LOCALE;
}

static __attribute__((destructor)) void CrtUnicodeTerm(void)
{
    if (CrtUnicodeLocale != (locale_t)0 && CrtUnicodeLocale != LC_GLOBAL_LOCALE) {
        freelocale(CrtUnicodeLocale);
        CrtUnicodeLocale = (locale_t)0;
    }
}

static locale_t CrtUnicode(void)
{
    pthread_once(&CrtUnicodeOnce, CrtUnicodeInit);
    return CrtUnicodeLocale;
}

/* A character no class contains. */
static int CrtNoClass(wint_t C)
{
    return C == WEOF || CRT_IS_SURROGATE(C);
}

#define CRT_CLASS(Name, GlibcName)                                    \
    CRTAPI int Name(wint_t C)                                         \
    {                                                                 \
        if (CrtNoClass(C)) {                                          \
            return 0;                                                 \
        }                                                             \
        return GlibcName(C, CrtUnicode()) != 0;                       \
    }

CRT_CLASS(iswalnum, iswalnum_l)
CRT_CLASS(iswalpha, iswalpha_l)
CRT_CLASS(iswblank, iswblank_l)
CRT_CLASS(iswcntrl, iswcntrl_l)
CRT_CLASS(iswdigit, iswdigit_l)
CRT_CLASS(iswgraph, iswgraph_l)
CRT_CLASS(iswlower, iswlower_l)
CRT_CLASS(iswprint, iswprint_l)
CRT_CLASS(iswpunct, iswpunct_l)
CRT_CLASS(iswspace, iswspace_l)
CRT_CLASS(iswupper, iswupper_l)
CRT_CLASS(iswxdigit, iswxdigit_l)

CRTAPI int iswascii(wint_t C)
{
    return C < 0x80;
}

CRTAPI int __iswcsymf(wint_t C)
{
    return iswalpha(C) || C == '_';
}

CRTAPI int __iswcsym(wint_t C)
{
    return iswalnum(C) || C == '_';
}

/*
 * Microsoft's masks (_ALPHA, _DIGIT ...) are small numbers; glibc's
 * wctype() descriptors never are, so both kinds can be told apart.
 */
CRTAPI int iswctype(wint_t C, wctype_t Type)
{
    if (Type == 0 || CrtNoClass(C)) {
        return 0;
    }
    if (Type <= 0xFFFF) {
        unsigned Mask = (unsigned)Type, Found = 0;
        if (iswupper(C)) {
            Found |= _UPPER;
        }
        if (iswlower(C)) {
            Found |= _LOWER;
        }
        if (iswdigit(C)) {
            Found |= _DIGIT;
        }
        if (iswspace(C)) {
            Found |= _SPACE;
        }
        if (iswpunct(C)) {
            Found |= _PUNCT;
        }
        if (iswcntrl(C)) {
            Found |= _CONTROL;
        }
        if (iswblank(C)) {
            Found |= _BLANK;
        }
        if (iswxdigit(C)) {
            Found |= _HEX;
        }
        if (iswalpha(C)) {
            Found |= _ALPHA;
        }
        return (int)(Found & Mask);
    }
    return iswctype_l(C, Type, CrtUnicode()) != 0;
}

CRTAPI wint_t towupper(wint_t C)
{
    if (C == WEOF || CRT_IS_SURROGATE(C)) {
        return C;
    }
    return CrtGlibcTowupper(C);
}

CRTAPI wint_t towlower(wint_t C)
{
    if (C == WEOF || CRT_IS_SURROGATE(C)) {
        return C;
    }
    return CrtGlibcTowlower(C);
}

CRTAPI int wcwidth(wchar_t C)
{
    if (C == 0) {
        return 0;
    }
    if (CRT_IS_SURROGATE(C)) {
        return -1;
    }
    locale_t Previous = uselocale(CrtUnicode());
    int Width = CrtGlibcWcwidth(C);
    uselocale(Previous);
    return Width;
}

CRTAPI int wcswidth(const wchar_t *String, size_t Count)
{
    int Total = 0;
    locale_t Previous = uselocale(CrtUnicode());
    for (size_t i = 0; i < Count && String[i] != 0; i++) {
        unsigned Cp = String[i];
        if (CRT_IS_HIGH_SURROGATE(Cp) && i + 1 < Count && CRT_IS_LOW_SURROGATE(String[i + 1])) {
            Cp = 0x10000 + ((Cp - 0xD800) << 10) + (String[i + 1] - 0xDC00u);
            i++;
        } else if (CRT_IS_SURROGATE(Cp)) {
            Total = -1;
            break;
        }
        int Width = CrtGlibcWcwidth((int)Cp);
        if (Width < 0) {
            Total = -1;
            break;
        }
        Total += Width;
    }
    uselocale(Previous);
    return Total;
}
