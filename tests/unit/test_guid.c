/*
 * test_guid.c - DEFINE_GUID declares, and defines after <initguid.h>;
 * IsEqualGUID compares.
 */
#include <wdm.h>
#include "harness.h"

/* Declared only: the definition comes after initguid.h, as in drivers. */
DEFINE_GUID(GUID_NTIO_TEST, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

#include <initguid.h>
DEFINE_GUID(GUID_NTIO_TEST, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);
DEFINE_GUID(GUID_NTIO_OTHER, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xee);

int main(void)
{
    GUID Copy = GUID_NTIO_TEST;
    CHECK_EQ(GUID_NTIO_TEST.Data1, 0x12345678);
    CHECK_EQ(GUID_NTIO_TEST.Data2, 0x9abc);
    CHECK_EQ(GUID_NTIO_TEST.Data3, 0xdef0);
    CHECK_EQ(GUID_NTIO_TEST.Data4[7], 0xef);
    CHECK_EQ(sizeof(GUID), 16);
    CHECK(IsEqualGUID(&Copy, &GUID_NTIO_TEST));
    CHECK(!IsEqualGUID(&GUID_NTIO_OTHER, &GUID_NTIO_TEST));
    CHECK(InlineIsEqualGUID(&GUID_NTIO_TEST, &Copy));
    return test_summary("test_guid");
}
