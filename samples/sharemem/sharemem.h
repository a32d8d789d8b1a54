/* sharemem.h - the shared-memory sample's control codes. */
#define SHAREMEM_TYPE 0x8000
/* seed 000: driver pool mapped into the caller; output: the user address */
#define IOCTL_SHAREMEM_MAP CTL_CODE(SHAREMEM_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SHAREMEM_UNMAP CTL_CODE(SHAREMEM_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* the driver writes a string into its buffer / returns the buffer's start */
#define IOCTL_SHAREMEM_POKE CTL_CODE(SHAREMEM_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SHAREMEM_PEEK CTL_CODE(SHAREMEM_TYPE, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* seed 001, user to kernel: input is {address, length} of an application
 * buffer the driver locks and maps; output: the sum of its bytes */
#define IOCTL_SHAREMEM_LOCK_USER CTL_CODE(SHAREMEM_TYPE, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* seed 001, kernel to user: a 1024-byte pool buffer mapped into the caller */
#define IOCTL_SHAREMEM_MAP_SMALL CTL_CODE(SHAREMEM_TYPE, 0x805, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define SHAREMEM_DRIVER_TEXT "written by the driver"

typedef struct _USER_RANGE {
    unsigned long long Address;
    unsigned int Length;
} USER_RANGE;
