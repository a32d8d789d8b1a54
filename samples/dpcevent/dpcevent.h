/* dpcevent.h - the DPC event sample's interface. */
#define DPCEVENT_PATH "\\\\.\\DpcEvent"
/* Input: REGISTER_EVENT.  The driver signals Event after DelayMs, from a DPC. */
#define IOCTL_DPCEVENT_REGISTER CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Output: ULONG, the IRQL the DPC routine ran at. */
#define IOCTL_DPCEVENT_LAST_IRQL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _REGISTER_EVENT {
    HANDLE Event;
    unsigned int DelayMs;
} REGISTER_EVENT;
