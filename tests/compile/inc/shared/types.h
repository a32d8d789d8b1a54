/* Reached as "Shared\Types.h" from Public.h. */
typedef struct _COMPILE_TEST_DATA {
    ULONG Value;
} COMPILE_TEST_DATA;
