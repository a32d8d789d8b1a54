/* pendq.h - the cancel sample's device. */
#define PENDQ_PATH "\\\\.\\PendQ"
/* How many reads the driver holds right now (output: ULONG). */
#define IOCTL_PENDQ_COUNT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
