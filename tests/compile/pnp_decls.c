/*
 * pnp_decls.c - the Plug and Play and power declarations of wdm.h and
 * wdmguid.h, held to the WDK's x64 layouts and values.
 *
 * Built three ways (tests/compile/CMakeLists.txt):
 *  - by ntio-cc -mdriver -c, as a driver source is, in C and in C++, with
 *    and without NT_PROCESSOR_GROUPS: every C_ASSERT below must hold and
 *    every prototype must have the WDK's exact type (the functions are
 *    referenced, so this half is compile-only until the kernel has them);
 *  - with -DPNP_DECLS_RUNTIME as a host program (ctest compile.pnp_decls):
 *    what a constant expression cannot check -- GUID values against their
 *    registry-string form, bit-field positions, the unnamed union of
 *    Parameters.Power.
 *
 * Expected values: learn.microsoft.com DDI reference (IO_STACK_LOCATION,
 * DEVICE_CAPABILITIES, PNP_BUS_INFORMATION, INTERFACE_TYPE, PoRequestPowerIrp,
 * IoRegisterPlugPlayNotification ...) and the WDK 10.0.19041 headers.
 */
#include <ntddk.h>
#include <wdmguid.h>   /* declares the GUIDs ... */
#include <initguid.h>
#include <wdmguid.h>   /* ... and, after initguid.h, defines them */

#define OFF(type, field) FIELD_OFFSET(type, field)

/* ---- IO_STACK_LOCATION: the PnP and power parameters ------------------- */

C_ASSERT(sizeof(IO_STACK_LOCATION) == 72);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters) == 8);
C_ASSERT(sizeof(((IO_STACK_LOCATION *)0)->Parameters) == 32);
C_ASSERT(OFF(IO_STACK_LOCATION, DeviceObject) == 40);
C_ASSERT(OFF(IO_STACK_LOCATION, FileObject) == 48);
C_ASSERT(OFF(IO_STACK_LOCATION, CompletionRoutine) == 56);
C_ASSERT(OFF(IO_STACK_LOCATION, Context) == 64);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryDeviceRelations.Type) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryInterface.InterfaceType) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryInterface.Size) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryInterface.Version) == 18);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryInterface.Interface) == 24);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryInterface.InterfaceSpecificData) == 32);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.DeviceCapabilities.Capabilities) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.FilterResourceRequirements.IoResourceRequirementList) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.ReadWriteConfig.WhichSpace) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Buffer) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Offset) == 24);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Length) == 32);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.SetLock.Lock) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryId.IdType) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryDeviceText.DeviceTextType) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.QueryDeviceText.LocaleId) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.UsageNotification.InPath) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.UsageNotification.Reserved) == 9);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.UsageNotification.Type) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.WaitWake.PowerState) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.PowerSequence.PowerSequence) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Power.SystemContext) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Power.SystemPowerStateContext) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Power.Type) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Power.State) == 24);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Power.ShutdownType) == 32);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.StartDevice.AllocatedResources) == 8);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.StartDevice.AllocatedResourcesTranslated) == 16);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Others.Argument4) == 32);
/* The members the PnP additions must not have moved. */
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode) == 24);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Read.ByteOffset) == 24);
C_ASSERT(OFF(IO_STACK_LOCATION, Parameters.Create.EaLength) == 32);

/* ---- minor function codes ---------------------------------------------- */

C_ASSERT(IRP_MN_START_DEVICE == 0x00);
C_ASSERT(IRP_MN_QUERY_REMOVE_DEVICE == 0x01);
C_ASSERT(IRP_MN_REMOVE_DEVICE == 0x02);
C_ASSERT(IRP_MN_CANCEL_REMOVE_DEVICE == 0x03);
C_ASSERT(IRP_MN_STOP_DEVICE == 0x04);
C_ASSERT(IRP_MN_QUERY_STOP_DEVICE == 0x05);
C_ASSERT(IRP_MN_CANCEL_STOP_DEVICE == 0x06);
C_ASSERT(IRP_MN_QUERY_DEVICE_RELATIONS == 0x07);
C_ASSERT(IRP_MN_QUERY_INTERFACE == 0x08);
C_ASSERT(IRP_MN_QUERY_CAPABILITIES == 0x09);
C_ASSERT(IRP_MN_QUERY_RESOURCES == 0x0A);
C_ASSERT(IRP_MN_QUERY_RESOURCE_REQUIREMENTS == 0x0B);
C_ASSERT(IRP_MN_QUERY_DEVICE_TEXT == 0x0C);
C_ASSERT(IRP_MN_FILTER_RESOURCE_REQUIREMENTS == 0x0D);
C_ASSERT(IRP_MN_READ_CONFIG == 0x0F);
C_ASSERT(IRP_MN_WRITE_CONFIG == 0x10);
C_ASSERT(IRP_MN_EJECT == 0x11);
C_ASSERT(IRP_MN_SET_LOCK == 0x12);
C_ASSERT(IRP_MN_QUERY_ID == 0x13);
C_ASSERT(IRP_MN_QUERY_PNP_DEVICE_STATE == 0x14);
C_ASSERT(IRP_MN_QUERY_BUS_INFORMATION == 0x15);
C_ASSERT(IRP_MN_DEVICE_USAGE_NOTIFICATION == 0x16);
C_ASSERT(IRP_MN_SURPRISE_REMOVAL == 0x17);
C_ASSERT(IRP_MN_DEVICE_ENUMERATED == 0x19);
C_ASSERT(IRP_MN_WAIT_WAKE == 0x00);
C_ASSERT(IRP_MN_POWER_SEQUENCE == 0x01);
C_ASSERT(IRP_MN_SET_POWER == 0x02);
C_ASSERT(IRP_MN_QUERY_POWER == 0x03);
C_ASSERT(IRP_MJ_PNP == 0x1b && IRP_MJ_POWER == 0x16);

/* ---- the PnP IRPs' types ------------------------------------------------ */

C_ASSERT(BusRelations == 0 && EjectionRelations == 1 && PowerRelations == 2 &&
         RemovalRelations == 3 && TargetDeviceRelation == 4 && SingleBusRelations == 5 &&
         TransportRelations == 6);
C_ASSERT(sizeof(DEVICE_RELATION_TYPE) == 4);
C_ASSERT(sizeof(DEVICE_RELATIONS) == 16);
C_ASSERT(OFF(DEVICE_RELATIONS, Objects) == 8);

C_ASSERT(BusQueryDeviceID == 0 && BusQueryHardwareIDs == 1 && BusQueryCompatibleIDs == 2 &&
         BusQueryInstanceID == 3 && BusQueryDeviceSerialNumber == 4 && BusQueryContainerID == 5);
C_ASSERT(sizeof(BUS_QUERY_ID_TYPE) == 4);
C_ASSERT(DeviceTextDescription == 0 && DeviceTextLocationInformation == 1);
C_ASSERT(sizeof(DEVICE_TEXT_TYPE) == 4);
C_ASSERT(DeviceUsageTypeUndefined == 0 && DeviceUsageTypePaging == 1 &&
         DeviceUsageTypeHibernation == 2 && DeviceUsageTypeDumpFile == 3 &&
         DeviceUsageTypeBoot == 4 && DeviceUsageTypePostDisplay == 5 &&
         DeviceUsageTypeGuestAssigned == 6);
C_ASSERT(sizeof(DEVICE_USAGE_NOTIFICATION_TYPE) == 4);

C_ASSERT(sizeof(PNP_DEVICE_STATE) == 4);
C_ASSERT(PNP_DEVICE_DISABLED == 0x1 && PNP_DEVICE_DONT_DISPLAY_IN_UI == 0x2 &&
         PNP_DEVICE_FAILED == 0x4 && PNP_DEVICE_REMOVED == 0x8 &&
         PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED == 0x10 && PNP_DEVICE_NOT_DISABLEABLE == 0x20 &&
         PNP_DEVICE_DISCONNECTED == 0x40 && PNP_DEVICE_RESOURCE_UPDATED == 0x80 &&
         PNP_DEVICE_ASSIGNED_TO_GUEST == 0x100);

C_ASSERT(sizeof(DEVICE_CAPABILITIES) == 64);
C_ASSERT(OFF(DEVICE_CAPABILITIES, Version) == 2);
C_ASSERT(OFF(DEVICE_CAPABILITIES, Address) == 8);
C_ASSERT(OFF(DEVICE_CAPABILITIES, UINumber) == 12);
C_ASSERT(OFF(DEVICE_CAPABILITIES, DeviceState) == 16);
C_ASSERT(sizeof(((DEVICE_CAPABILITIES *)0)->DeviceState) == 7 * 4);
C_ASSERT(OFF(DEVICE_CAPABILITIES, SystemWake) == 44);
C_ASSERT(OFF(DEVICE_CAPABILITIES, DeviceWake) == 48);
C_ASSERT(OFF(DEVICE_CAPABILITIES, D1Latency) == 52);
C_ASSERT(OFF(DEVICE_CAPABILITIES, D2Latency) == 56);
C_ASSERT(OFF(DEVICE_CAPABILITIES, D3Latency) == 60);

C_ASSERT(sizeof(INTERFACE) == 32);
C_ASSERT(OFF(INTERFACE, Version) == 2);
C_ASSERT(OFF(INTERFACE, Context) == 8);
C_ASSERT(OFF(INTERFACE, InterfaceReference) == 16);
C_ASSERT(OFF(INTERFACE, InterfaceDereference) == 24);

C_ASSERT(sizeof(PNP_BUS_INFORMATION) == 24);
C_ASSERT(OFF(PNP_BUS_INFORMATION, LegacyBusType) == 16);
C_ASSERT(OFF(PNP_BUS_INFORMATION, BusNumber) == 20);
C_ASSERT(sizeof(LEGACY_BUS_INFORMATION) == 24);
C_ASSERT(OFF(LEGACY_BUS_INFORMATION, LegacyBusType) == 16);
C_ASSERT(OFF(LEGACY_BUS_INFORMATION, BusNumber) == 20);

C_ASSERT(InterfaceTypeUndefined == -1 && Internal == 0 && Isa == 1 && Eisa == 2 &&
         MicroChannel == 3 && TurboChannel == 4 && PCIBus == 5 && VMEBus == 6 && NuBus == 7 &&
         PCMCIABus == 8 && CBus == 9 && MPIBus == 10 && MPSABus == 11 &&
         ProcessorInternal == 12 && InternalPowerBus == 13 && PNPISABus == 14 && PNPBus == 15 &&
         Vmcs == 16 && ACPIBus == 17 && MaximumInterfaceType == 18);
C_ASSERT(sizeof(INTERFACE_TYPE) == 4);

C_ASSERT(RemovalPolicyExpectNoRemoval == 1 && RemovalPolicyExpectOrderlyRemoval == 2 &&
         RemovalPolicyExpectSurpriseRemoval == 3);
C_ASSERT(InstallStateInstalled == 0 && InstallStateNeedsReinstall == 1 &&
         InstallStateFailedInstall == 2 && InstallStateFinishInstall == 3);

C_ASSERT(DevicePropertyDeviceDescription == 0x0 && DevicePropertyHardwareID == 0x1 &&
         DevicePropertyCompatibleIDs == 0x2 && DevicePropertyBootConfiguration == 0x3 &&
         DevicePropertyBootConfigurationTranslated == 0x4 && DevicePropertyClassName == 0x5 &&
         DevicePropertyClassGuid == 0x6 && DevicePropertyDriverKeyName == 0x7 &&
         DevicePropertyManufacturer == 0x8 && DevicePropertyFriendlyName == 0x9 &&
         DevicePropertyLocationInformation == 0xa &&
         DevicePropertyPhysicalDeviceObjectName == 0xb && DevicePropertyBusTypeGuid == 0xc &&
         DevicePropertyLegacyBusType == 0xd && DevicePropertyBusNumber == 0xe &&
         DevicePropertyEnumeratorName == 0xf && DevicePropertyAddress == 0x10 &&
         DevicePropertyUINumber == 0x11 && DevicePropertyInstallState == 0x12 &&
         DevicePropertyRemovalPolicy == 0x13 && DevicePropertyResourceRequirements == 0x14 &&
         DevicePropertyAllocatedResources == 0x15 && DevicePropertyContainerID == 0x16);
C_ASSERT(sizeof(DEVICE_REGISTRY_PROPERTY) == 4);

C_ASSERT(PLUGPLAY_REGKEY_DEVICE == 1 && PLUGPLAY_REGKEY_DRIVER == 2 &&
         PLUGPLAY_REGKEY_CURRENT_HWPROFILE == 4);
C_ASSERT(DEVICE_INTERFACE_INCLUDE_NONACTIVE == 1);
C_ASSERT(PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES == 1);
C_ASSERT(EventCategoryReserved == 0 && EventCategoryHardwareProfileChange == 1 &&
         EventCategoryDeviceInterfaceChange == 2 && EventCategoryTargetDeviceChange == 3 &&
         EventCategoryKernelSoftRestart == 4);

/* ---- notification structures ------------------------------------------- */

C_ASSERT(sizeof(PLUGPLAY_NOTIFICATION_HEADER) == 20);
C_ASSERT(OFF(PLUGPLAY_NOTIFICATION_HEADER, Size) == 2);
C_ASSERT(OFF(PLUGPLAY_NOTIFICATION_HEADER, Event) == 4);
C_ASSERT(sizeof(HWPROFILE_CHANGE_NOTIFICATION) == 20);
C_ASSERT(OFF(HWPROFILE_CHANGE_NOTIFICATION, Event) == 4);
C_ASSERT(sizeof(DEVICE_INTERFACE_CHANGE_NOTIFICATION) == 48);
C_ASSERT(OFF(DEVICE_INTERFACE_CHANGE_NOTIFICATION, Event) == 4);
C_ASSERT(OFF(DEVICE_INTERFACE_CHANGE_NOTIFICATION, InterfaceClassGuid) == 20);
C_ASSERT(OFF(DEVICE_INTERFACE_CHANGE_NOTIFICATION, SymbolicLinkName) == 40);
C_ASSERT(sizeof(TARGET_DEVICE_REMOVAL_NOTIFICATION) == 32);
C_ASSERT(OFF(TARGET_DEVICE_REMOVAL_NOTIFICATION, FileObject) == 24);
C_ASSERT(sizeof(TARGET_DEVICE_CUSTOM_NOTIFICATION) == 40);
C_ASSERT(OFF(TARGET_DEVICE_CUSTOM_NOTIFICATION, FileObject) == 24);
C_ASSERT(OFF(TARGET_DEVICE_CUSTOM_NOTIFICATION, NameBufferOffset) == 32);
C_ASSERT(OFF(TARGET_DEVICE_CUSTOM_NOTIFICATION, CustomDataBuffer) == 36);

/* ---- resource lists ------------------------------------------------------ */

C_ASSERT(CmResourceTypeNull == 0 && CmResourceTypePort == 1 && CmResourceTypeInterrupt == 2 &&
         CmResourceTypeMemory == 3 && CmResourceTypeDma == 4 &&
         CmResourceTypeDeviceSpecific == 5 && CmResourceTypeBusNumber == 6 &&
         CmResourceTypeMemoryLarge == 7 && CmResourceTypeNonArbitrated == 128 &&
         CmResourceTypeConfigData == 128 && CmResourceTypeDevicePrivate == 129 &&
         CmResourceTypePcCardConfig == 130 && CmResourceTypeMfCardConfig == 131 &&
         CmResourceTypeConnection == 132);
C_ASSERT(CmResourceShareUndetermined == 0 && CmResourceShareDeviceExclusive == 1 &&
         CmResourceShareDriverExclusive == 2 && CmResourceShareShared == 3);

C_ASSERT(sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR) == 20);
C_ASSERT(__alignof__(CM_PARTIAL_RESOURCE_DESCRIPTOR) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, ShareDisposition) == 1);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, Flags) == 2);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u) == 4);
C_ASSERT(sizeof(((CM_PARTIAL_RESOURCE_DESCRIPTOR *)0)->u) == 16);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Generic.Start) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Generic.Length) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Port.Length) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Length) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Level) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Vector) == 8);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Affinity) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.MessageCount) == 6);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Vector) == 8);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Affinity) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Vector) == 8);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Affinity) == 12);
#if defined(NT_PROCESSOR_GROUPS)
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Group) == 6);
C_ASSERT(sizeof(((CM_PARTIAL_RESOURCE_DESCRIPTOR *)0)->u.Interrupt.Level) == 2);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Group) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Translated.Group) == 6);
#else
C_ASSERT(sizeof(((CM_PARTIAL_RESOURCE_DESCRIPTOR *)0)->u.Interrupt.Level) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.MessageInterrupt.Raw.Reserved) == 4);
#endif
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Dma.Reserved1) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.DmaV3.TransferWidth) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.DevicePrivate.Data) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.BusNumber.Reserved) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.DeviceSpecificData.DataSize) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory40.Length40) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory48.Length48) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory64.Length64) == 12);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Connection.IdLowPart) == 8);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Connection.IdHighPart) == 12);
C_ASSERT(sizeof(CM_PARTIAL_RESOURCE_LIST) == 28);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_LIST, Count) == 4);
C_ASSERT(OFF(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors) == 8);
C_ASSERT(sizeof(CM_FULL_RESOURCE_DESCRIPTOR) == 36);
C_ASSERT(OFF(CM_FULL_RESOURCE_DESCRIPTOR, BusNumber) == 4);
C_ASSERT(OFF(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList) == 8);
C_ASSERT(OFF(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList.PartialDescriptors) == 16);
C_ASSERT(sizeof(CM_RESOURCE_LIST) == 40);
C_ASSERT(OFF(CM_RESOURCE_LIST, List) == 4);

C_ASSERT(IO_RESOURCE_PREFERRED == 1 && IO_RESOURCE_DEFAULT == 2 && IO_RESOURCE_ALTERNATIVE == 8);
C_ASSERT(IrqPolicyMachineDefault == 0 && IrqPolicyAllCloseProcessors == 1 &&
         IrqPolicyOneCloseProcessor == 2 && IrqPolicyAllProcessorsInMachine == 3 &&
         IrqPolicySpecifiedProcessors == 4 && IrqPolicySpreadMessagesAcrossAllProcessors == 5 &&
         IrqPolicyAllProcessorsInMachineWhenSteered == 6);
C_ASSERT(IrqPriorityUndefined == 0 && IrqPriorityLow == 1 && IrqPriorityNormal == 2 &&
         IrqPriorityHigh == 3);
C_ASSERT(GroupAffinityAllGroupZero == 0 && GroupAffinityDontCare == 1);
C_ASSERT(sizeof(IO_RESOURCE_DESCRIPTOR) == 32);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, Type) == 1);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, ShareDisposition) == 2);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, Flags) == 4);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, Spare2) == 6);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u) == 8);
C_ASSERT(sizeof(((IO_RESOURCE_DESCRIPTOR *)0)->u) == 24);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Port.Alignment) == 12);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Port.MinimumAddress) == 16);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Port.MaximumAddress) == 24);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Memory.MaximumAddress) == 24);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Generic.MaximumAddress) == 24);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Interrupt.MaximumVector) == 12);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Interrupt.AffinityPolicy) == 16);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Interrupt.PriorityPolicy) == 20);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Interrupt.TargetedProcessors) == 24);
#if defined(NT_PROCESSOR_GROUPS)
C_ASSERT(sizeof(IRQ_DEVICE_POLICY) == 2);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Interrupt.Group) == 18);
C_ASSERT(IrqPolicyAllProcessorsInGroup == 3 && IrqPolicyAllProcessorsInGroupWhenSteered == 6);
#else
C_ASSERT(sizeof(IRQ_DEVICE_POLICY) == 4);
#endif
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Dma.MaximumChannel) == 12);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.DmaV3.TransferWidth) == 20);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.BusNumber.Reserved) == 20);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.ConfigData.Reserved2) == 16);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Memory40.MaximumAddress) == 24);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Memory48.Alignment48) == 12);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Memory64.MinimumAddress) == 16);
C_ASSERT(OFF(IO_RESOURCE_DESCRIPTOR, u.Connection.IdHighPart) == 16);
C_ASSERT(sizeof(IO_RESOURCE_LIST) == 40);
C_ASSERT(OFF(IO_RESOURCE_LIST, Count) == 4);
C_ASSERT(OFF(IO_RESOURCE_LIST, Descriptors) == 8);
C_ASSERT(sizeof(IO_RESOURCE_REQUIREMENTS_LIST) == 72);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, InterfaceType) == 4);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, BusNumber) == 8);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, SlotNumber) == 12);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, Reserved) == 16);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, AlternativeLists) == 28);
C_ASSERT(OFF(IO_RESOURCE_REQUIREMENTS_LIST, List) == 32);
C_ASSERT(sizeof(PHYSICAL_ADDRESS) == 8);

/* ---- power ---------------------------------------------------------------- */

C_ASSERT(PowerSystemUnspecified == 0 && PowerSystemWorking == 1 && PowerSystemSleeping1 == 2 &&
         PowerSystemSleeping2 == 3 && PowerSystemSleeping3 == 4 && PowerSystemHibernate == 5 &&
         PowerSystemShutdown == 6 && PowerSystemMaximum == 7 && POWER_SYSTEM_MAXIMUM == 7);
C_ASSERT(PowerDeviceUnspecified == 0 && PowerDeviceD0 == 1 && PowerDeviceD1 == 2 &&
         PowerDeviceD2 == 3 && PowerDeviceD3 == 4 && PowerDeviceMaximum == 5);
C_ASSERT(PowerActionNone == 0 && PowerActionReserved == 1 && PowerActionSleep == 2 &&
         PowerActionHibernate == 3 && PowerActionShutdown == 4 &&
         PowerActionShutdownReset == 5 && PowerActionShutdownOff == 6 &&
         PowerActionWarmEject == 7 && PowerActionDisplayOff == 8);
C_ASSERT(SystemPowerState == 0 && DevicePowerState == 1);
C_ASSERT(sizeof(SYSTEM_POWER_STATE) == 4 && sizeof(DEVICE_POWER_STATE) == 4);
C_ASSERT(sizeof(POWER_ACTION) == 4 && sizeof(POWER_STATE_TYPE) == 4);
C_ASSERT(sizeof(POWER_STATE) == 4);
C_ASSERT(sizeof(SYSTEM_POWER_STATE_CONTEXT) == 4);
C_ASSERT(sizeof(POWER_SEQUENCE) == 12);
C_ASSERT(OFF(POWER_SEQUENCE, SequenceD2) == 4 && OFF(POWER_SEQUENCE, SequenceD3) == 8);

/* ---- the structures around them did not move ------------------------------ */

C_ASSERT(sizeof(IRP) == 0xd0);
C_ASSERT(OFF(IRP, Tail.Overlay.CurrentStackLocation) == 0xb8);

#ifndef PNP_DECLS_RUNTIME

/* ---- prototypes: each must have the WDK's type exactly -------------------- */

/* A pointer of exactly that type must accept the function: a C compiler
 * rejects an incompatible one under -Werror, a C++ compiler always. */
#define SIGNATURE(fn, type)                  \
    do {                                     \
        __typeof__(type) volatile p_ = fn;   \
        (void)p_;                            \
    } while (0)

/* IsEqualGUID takes pointers in C, references (REFGUID) in C++. */
#ifdef __cplusplus
#define GUID_EQ(a, b) IsEqualGUID(*(a), *(b))
#else
#define GUID_EQ(a, b) IsEqualGUID((a), (b))
#endif

void PnpDeclsSignatures(void);
void PnpDeclsSignatures(void)
{
    SIGNATURE(IoInvalidateDeviceRelations, VOID (*)(PDEVICE_OBJECT, DEVICE_RELATION_TYPE));
    SIGNATURE(IoInvalidateDeviceState, VOID (*)(PDEVICE_OBJECT));
    SIGNATURE(IoGetDeviceProperty,
              NTSTATUS (*)(PDEVICE_OBJECT, DEVICE_REGISTRY_PROPERTY, ULONG, PVOID, PULONG));
    SIGNATURE(IoOpenDeviceRegistryKey, NTSTATUS (*)(PDEVICE_OBJECT, ULONG, ACCESS_MASK, PHANDLE));
    SIGNATURE(IoRegisterDeviceInterface,
              NTSTATUS (*)(PDEVICE_OBJECT, CONST GUID *, PUNICODE_STRING, PUNICODE_STRING));
    SIGNATURE(IoSetDeviceInterfaceState, NTSTATUS (*)(PUNICODE_STRING, BOOLEAN));
    SIGNATURE(IoGetDeviceInterfaces, NTSTATUS (*)(CONST GUID *, PDEVICE_OBJECT, ULONG, PZZWSTR *));
    SIGNATURE(IoOpenDeviceInterfaceRegistryKey, NTSTATUS (*)(PUNICODE_STRING, ACCESS_MASK, PHANDLE));
    SIGNATURE(IoRegisterPlugPlayNotification,
              NTSTATUS (*)(IO_NOTIFICATION_EVENT_CATEGORY, ULONG, PVOID, PDRIVER_OBJECT,
                           PDRIVER_NOTIFICATION_CALLBACK_ROUTINE, PVOID, PVOID *));
    SIGNATURE(IoUnregisterPlugPlayNotification, NTSTATUS (*)(PVOID));
    SIGNATURE(IoUnregisterPlugPlayNotificationEx, NTSTATUS (*)(PVOID));
    SIGNATURE(IoGetDeviceAttachmentBaseRef, PDEVICE_OBJECT (*)(PDEVICE_OBJECT));
    SIGNATURE(IoGetLowerDeviceObject, PDEVICE_OBJECT (*)(PDEVICE_OBJECT));
    SIGNATURE(PoCallDriver, NTSTATUS (*)(PDEVICE_OBJECT, PIRP));
    SIGNATURE(PoStartNextPowerIrp, VOID (*)(PIRP));
    SIGNATURE(PoSetPowerState, POWER_STATE (*)(PDEVICE_OBJECT, POWER_STATE_TYPE, POWER_STATE));
    SIGNATURE(PoRequestPowerIrp,
              NTSTATUS (*)(PDEVICE_OBJECT, UCHAR, POWER_STATE, PREQUEST_POWER_COMPLETE, PVOID,
                           PIRP *));
    SIGNATURE((PDRIVER_NOTIFICATION_CALLBACK_ROUTINE)0, NTSTATUS (*)(PVOID, PVOID));
    SIGNATURE((PREQUEST_POWER_COMPLETE)0,
              VOID (*)(PDEVICE_OBJECT, UCHAR, POWER_STATE, PVOID, PIO_STATUS_BLOCK));
    SIGNATURE((PINTERFACE_REFERENCE)0, VOID (*)(PVOID));
    SIGNATURE((PINTERFACE_DEREFERENCE)0, VOID (*)(PVOID));
}

/* ---- the way drivers use them ---------------------------------------------- */

static DRIVER_NOTIFICATION_CALLBACK_ROUTINE PnpDeclsNotify;
static REQUEST_POWER_COMPLETE PnpDeclsPowerComplete;

static NTSTATUS PnpDeclsNotify(PVOID NotificationStructure, PVOID Context)
{
    PPLUGPLAY_NOTIFICATION_HEADER hdr = (PPLUGPLAY_NOTIFICATION_HEADER)NotificationStructure;
    UNREFERENCED_PARAMETER(Context);
    if (GUID_EQ(&hdr->Event, &GUID_DEVICE_INTERFACE_ARRIVAL) ||
        GUID_EQ(&hdr->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)hdr;
        return n->SymbolicLinkName != NULL ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    if (GUID_EQ(&hdr->Event, &GUID_TARGET_DEVICE_QUERY_REMOVE) ||
        GUID_EQ(&hdr->Event, &GUID_TARGET_DEVICE_REMOVE_CANCELLED) ||
        GUID_EQ(&hdr->Event, &GUID_TARGET_DEVICE_REMOVE_COMPLETE)) {
        PTARGET_DEVICE_REMOVAL_NOTIFICATION n = (PTARGET_DEVICE_REMOVAL_NOTIFICATION)hdr;
        return n->FileObject != NULL ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    if (GUID_EQ(&hdr->Event, &GUID_HWPROFILE_QUERY_CHANGE) ||
        GUID_EQ(&hdr->Event, &GUID_HWPROFILE_CHANGE_CANCELLED) ||
        GUID_EQ(&hdr->Event, &GUID_HWPROFILE_CHANGE_COMPLETE)) {
        PHWPROFILE_CHANGE_NOTIFICATION n = (PHWPROFILE_CHANGE_NOTIFICATION)hdr;
        return n->Size >= sizeof(*n) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    }
    if (GUID_EQ(&hdr->Event, &GUID_PNP_CUSTOM_NOTIFICATION) ||
        GUID_EQ(&hdr->Event, &GUID_PNP_POWER_NOTIFICATION)) {
        PTARGET_DEVICE_CUSTOM_NOTIFICATION n = (PTARGET_DEVICE_CUSTOM_NOTIFICATION)hdr;
        return n->NameBufferOffset == -1 || n->CustomDataBuffer[0] ? STATUS_SUCCESS
                                                                    : STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

static VOID PnpDeclsPowerComplete(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
                                  POWER_STATE PowerState, PVOID Context,
                                  PIO_STATUS_BLOCK IoStatus)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (MinorFunction == IRP_MN_SET_POWER && PowerState.DeviceState == PowerDeviceD0)
        *(NTSTATUS *)Context = IoStatus->Status;
}

NTSTATUS PnpDeclsDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS PnpDeclsDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = Irp->IoStatus.Status;
    PVOID entry = NULL;
    PZZWSTR links = NULL;
    HANDLE key = NULL;
    ULONG len = 0;
    UNICODE_STRING link;
    INTERFACE_TYPE busType = InterfaceTypeUndefined;
    DEVICE_REMOVAL_POLICY policy = RemovalPolicyExpectNoRemoval;
    DEVICE_INSTALL_STATE install = InstallStateInstalled;

    RtlInitUnicodeString(&link, NULL);
    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE: {
        PCM_RESOURCE_LIST raw = sp->Parameters.StartDevice.AllocatedResources;
        PCM_RESOURCE_LIST xlat = sp->Parameters.StartDevice.AllocatedResourcesTranslated;
        if (raw != NULL && xlat != NULL && raw->Count > 0) {
            PCM_PARTIAL_RESOURCE_LIST pl = &xlat->List[0].PartialResourceList;
            ULONG i;
            for (i = 0; i < pl->Count; i++) {
                PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &pl->PartialDescriptors[i];
                if (d->Type == CmResourceTypeInterrupt && d->u.Interrupt.Affinity == 0)
                    status = STATUS_INVALID_PARAMETER;
                if (d->Type == CmResourceTypeMemory && d->u.Memory.Length == 0)
                    status = STATUS_INVALID_PARAMETER;
            }
        }
        status = IoRegisterDeviceInterface(DeviceObject, &GUID_BUS_TYPE_INTERNAL, NULL, &link);
        if (NT_SUCCESS(status))
            status = IoSetDeviceInterfaceState(&link, TRUE);
        break;
    }
    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (sp->Parameters.QueryDeviceRelations.Type == TargetDeviceRelation) {
            PDEVICE_RELATIONS rel = (PDEVICE_RELATIONS)ExAllocatePoolWithTag(
                PagedPool, sizeof(DEVICE_RELATIONS), 'pnpT');
            if (rel == NULL)
                return STATUS_INSUFFICIENT_RESOURCES;
            rel->Count = 1;
            rel->Objects[0] = DeviceObject;
            ObReferenceObject(DeviceObject);
            Irp->IoStatus.Information = (ULONG_PTR)rel;
            status = STATUS_SUCCESS;
        }
        IoInvalidateDeviceRelations(DeviceObject, BusRelations);
        break;
    case IRP_MN_QUERY_INTERFACE:
        if (GUID_EQ(sp->Parameters.QueryInterface.InterfaceType, &GUID_BUS_INTERFACE_STANDARD) &&
            sp->Parameters.QueryInterface.Size >= sizeof(INTERFACE) &&
            sp->Parameters.QueryInterface.Version == 1) {
            PINTERFACE itf = sp->Parameters.QueryInterface.Interface;
            itf->Size = sizeof(INTERFACE);
            itf->Version = 1;
            itf->Context = sp->Parameters.QueryInterface.InterfaceSpecificData;
            itf->InterfaceReference = NULL;
            itf->InterfaceDereference = NULL;
        }
        break;
    case IRP_MN_QUERY_CAPABILITIES: {
        PDEVICE_CAPABILITIES caps = sp->Parameters.DeviceCapabilities.Capabilities;
        caps->SurpriseRemovalOK = TRUE;
        caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
        caps->SystemWake = PowerSystemUnspecified;
        caps->DeviceWake = PowerDeviceUnspecified;
        caps->Address = 0xFFFFFFFF;
        break;
    }
    case IRP_MN_FILTER_RESOURCE_REQUIREMENTS: {
        PIO_RESOURCE_REQUIREMENTS_LIST req =
            sp->Parameters.FilterResourceRequirements.IoResourceRequirementList;
        if (req != NULL && req->AlternativeLists > 0 && req->List[0].Count > 0) {
            PIO_RESOURCE_DESCRIPTOR d = &req->List[0].Descriptors[0];
            if (d->Type == CmResourceTypeInterrupt)
                d->u.Interrupt.PriorityPolicy = IrqPriorityNormal;
            if (d->Option & IO_RESOURCE_ALTERNATIVE)
                d->ShareDisposition = CmResourceShareShared;
        }
        break;
    }
    case IRP_MN_READ_CONFIG:
    case IRP_MN_WRITE_CONFIG:
        if (sp->Parameters.ReadWriteConfig.Buffer == NULL ||
            sp->Parameters.ReadWriteConfig.Offset + sp->Parameters.ReadWriteConfig.Length < 4 ||
            sp->Parameters.ReadWriteConfig.WhichSpace != 0)
            status = STATUS_INVALID_PARAMETER;
        break;
    case IRP_MN_SET_LOCK:
        status = sp->Parameters.SetLock.Lock ? STATUS_SUCCESS : STATUS_NOT_SUPPORTED;
        break;
    case IRP_MN_QUERY_ID:
        if (sp->Parameters.QueryId.IdType == BusQueryDeviceID ||
            sp->Parameters.QueryId.IdType == BusQueryContainerID)
            status = STATUS_NOT_SUPPORTED;
        break;
    case IRP_MN_QUERY_DEVICE_TEXT:
        if (sp->Parameters.QueryDeviceText.DeviceTextType == DeviceTextLocationInformation &&
            sp->Parameters.QueryDeviceText.LocaleId != 0x409)
            status = STATUS_NOT_SUPPORTED;
        break;
    case IRP_MN_QUERY_PNP_DEVICE_STATE:
        Irp->IoStatus.Information |= (PNP_DEVICE_STATE)(PNP_DEVICE_DONT_DISPLAY_IN_UI |
                                                        PNP_DEVICE_NOT_DISABLEABLE);
        IoInvalidateDeviceState(DeviceObject);
        status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_BUS_INFORMATION: {
        PPNP_BUS_INFORMATION bi = (PPNP_BUS_INFORMATION)ExAllocatePoolWithTag(
            PagedPool, sizeof(PNP_BUS_INFORMATION), 'pnpT');
        LEGACY_BUS_INFORMATION legacy;
        if (bi == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        bi->BusTypeGuid = GUID_BUS_TYPE_INTERNAL;
        bi->LegacyBusType = PNPBus;
        bi->BusNumber = 0;
        legacy.BusTypeGuid = bi->BusTypeGuid;
        legacy.LegacyBusType = bi->LegacyBusType;
        legacy.BusNumber = bi->BusNumber;
        Irp->IoStatus.Information = (ULONG_PTR)bi;
        status = legacy.BusNumber == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        break;
    }
    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        if (sp->Parameters.UsageNotification.InPath &&
            sp->Parameters.UsageNotification.Type == DeviceUsageTypePaging)
            status = STATUS_UNSUCCESSFUL;
        break;
    case IRP_MN_EJECT:
        break;
    case IRP_MN_QUERY_RESOURCES:
    case IRP_MN_QUERY_RESOURCE_REQUIREMENTS:
        status = IoGetDeviceProperty(DeviceObject, DevicePropertyLegacyBusType, sizeof(busType),
                                     &busType, &len);
        if (NT_SUCCESS(status))
            status = IoGetDeviceProperty(DeviceObject, DevicePropertyRemovalPolicy,
                                         sizeof(policy), &policy, &len);
        if (NT_SUCCESS(status))
            status = IoGetDeviceProperty(DeviceObject, DevicePropertyInstallState,
                                         sizeof(install), &install, &len);
        break;
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_DEVICE_ENUMERATED:
        status = IoOpenDeviceRegistryKey(DeviceObject, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &key);
        if (NT_SUCCESS(status))
            ZwClose(key);
        status = IoGetDeviceInterfaces(&GUID_BUS_TYPE_PCI, NULL, DEVICE_INTERFACE_INCLUDE_NONACTIVE,
                                       &links);
        if (NT_SUCCESS(status))
            ExFreePool(links);
        break;
    case IRP_MN_REMOVE_DEVICE: {
        PDEVICE_OBJECT lower = IoGetLowerDeviceObject(DeviceObject);
        PDEVICE_OBJECT base = IoGetDeviceAttachmentBaseRef(DeviceObject);
        if (lower != NULL)
            ObDereferenceObject(lower);
        ObDereferenceObject(base);
        status = IoOpenDeviceInterfaceRegistryKey(&link, KEY_READ, &key);
        if (NT_SUCCESS(status))
            ZwClose(key);
        status = IoRegisterPlugPlayNotification(
            EventCategoryDeviceInterfaceChange,
            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES, (PVOID)&GUID_BUS_TYPE_USB,
            DeviceObject->DriverObject, PnpDeclsNotify, NULL, &entry);
        if (NT_SUCCESS(status))
            status = IoUnregisterPlugPlayNotificationEx(entry);
        if (NT_SUCCESS(status))
            status = IoUnregisterPlugPlayNotification(entry);
        break;
    }
    default:
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS PnpDeclsDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS PnpDeclsDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    static NTSTATUS completion;
    POWER_STATE state;

    switch (sp->MinorFunction) {
    case IRP_MN_SET_POWER:
        if (sp->Parameters.Power.Type == SystemPowerState) {
            if (sp->Parameters.Power.ShutdownType == PowerActionShutdownOff ||
                sp->Parameters.Power.SystemPowerStateContext.TargetSystemState ==
                    PowerSystemHibernate)
                break;
            state.DeviceState = sp->Parameters.Power.State.SystemState == PowerSystemWorking
                                    ? PowerDeviceD0 : PowerDeviceD3;
            return PoRequestPowerIrp(DeviceObject, IRP_MN_SET_POWER, state,
                                     PnpDeclsPowerComplete, &completion, NULL);
        }
        PoSetPowerState(DeviceObject, DevicePowerState, sp->Parameters.Power.State);
        break;
    case IRP_MN_QUERY_POWER:
        if (sp->Parameters.Power.SystemContext != 0 &&
            sp->Parameters.Power.State.DeviceState == PowerDeviceD1)
            Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
        break;
    case IRP_MN_WAIT_WAKE:
        if (sp->Parameters.WaitWake.PowerState > PowerSystemSleeping3)
            Irp->IoStatus.Status = STATUS_INVALID_DEVICE_STATE;
        break;
    case IRP_MN_POWER_SEQUENCE:
        sp->Parameters.PowerSequence.PowerSequence->SequenceD3++;
        break;
    default:
        break;
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(DeviceObject, Irp);
}

#else /* PNP_DECLS_RUNTIME */

/* ---- run-time checks (host program, ctest compile.pnp_decls) -------------- */

#include "harness.h"

/* The registry-string forms, written independently of wdmguid.h's tuples. */
static const struct {
    const GUID *Guid;
    const char *String;
} PnpDeclsGuids[] = {
    { &GUID_HWPROFILE_QUERY_CHANGE, "{CB3A4001-46F0-11D0-B08F-00609713053F}" },
    { &GUID_HWPROFILE_CHANGE_CANCELLED, "{CB3A4002-46F0-11D0-B08F-00609713053F}" },
    { &GUID_HWPROFILE_CHANGE_COMPLETE, "{CB3A4003-46F0-11D0-B08F-00609713053F}" },
    { &GUID_DEVICE_INTERFACE_ARRIVAL, "{CB3A4004-46F0-11D0-B08F-00609713053F}" },
    { &GUID_DEVICE_INTERFACE_REMOVAL, "{CB3A4005-46F0-11D0-B08F-00609713053F}" },
    { &GUID_TARGET_DEVICE_QUERY_REMOVE, "{CB3A4006-46F0-11D0-B08F-00609713053F}" },
    { &GUID_TARGET_DEVICE_REMOVE_CANCELLED, "{CB3A4007-46F0-11D0-B08F-00609713053F}" },
    { &GUID_TARGET_DEVICE_REMOVE_COMPLETE, "{CB3A4008-46F0-11D0-B08F-00609713053F}" },
    { &GUID_PNP_CUSTOM_NOTIFICATION, "{ACA73F8E-8D23-11D1-AC7D-0000F87571D0}" },
    { &GUID_PNP_POWER_NOTIFICATION, "{C2CF0660-EB7A-11D1-BD7F-0000F87571D0}" },
    { &GUID_PNP_POWER_SETTING_CHANGE, "{29C69B3E-C79A-43BF-BBDE-A932FA1BEA7E}" },
    { &GUID_BUS_INTERFACE_STANDARD, "{496B8280-6F25-11D0-BEAF-08002BE2092F}" },
    { &GUID_PCI_BUS_INTERFACE_STANDARD, "{496B8281-6F25-11D0-BEAF-08002BE2092F}" },
    { &GUID_BUS_TYPE_INTERNAL, "{1530EA73-086B-11D1-A09F-00C04FC340B1}" },
    { &GUID_BUS_TYPE_PCMCIA, "{09343630-AF9F-11D0-92E9-0000F81E1B30}" },
    { &GUID_BUS_TYPE_PCI, "{C8EBDFB0-B510-11D0-80E5-00A0C92542E3}" },
    { &GUID_BUS_TYPE_ISAPNP, "{E676F854-D87D-11D0-92B2-00A0C9055FC5}" },
    { &GUID_BUS_TYPE_USB, "{9D7DEBBC-C85D-11D1-9EB4-006008C3A19A}" },
    { &GUID_BUS_TYPE_HID, "{EEAF37D0-1963-47C4-AA48-72476DB7CF49}" },
    { &GUID_BUS_TYPE_ACPI, "{D7B46895-001A-4942-891F-A7D46610A843}" },
    { &GUID_BUS_TYPE_SW_DEVICE, "{06D10322-7DE0-4CEF-8E25-197D0E7442E2}" },
    { &GUID_POWER_DEVICE_ENABLE, "{827C0A6F-FEB0-11D0-BD26-00AA00B7B32A}" },
};

static void GuidToString(const GUID *g, char *buf, size_t size)
{
    snprintf(buf, size, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2],
             g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

int main(void)
{
    char buf[64];
    size_t i;
    union {
        DEVICE_CAPABILITIES Caps;
        ULONG Words[16];
    } c;
    IO_STACK_LOCATION sp;
    SYSTEM_POWER_STATE_CONTEXT ctx;

    for (i = 0; i < sizeof(PnpDeclsGuids) / sizeof(PnpDeclsGuids[0]); i++) {
        GuidToString(PnpDeclsGuids[i].Guid, buf, sizeof(buf));
        CHECK_STR(buf, PnpDeclsGuids[i].String);
    }
    CHECK(!IsEqualGUID(&GUID_DEVICE_INTERFACE_ARRIVAL, &GUID_DEVICE_INTERFACE_REMOVAL));

    /* DEVICE_CAPABILITIES: the flags are bits 0.. of the ULONG at offset 4. */
    memset(&c, 0, sizeof(c));
    c.Caps.DeviceD1 = 1;
    CHECK_EQ(c.Words[1], 1u << 0);
    memset(&c, 0, sizeof(c));
    c.Caps.SurpriseRemovalOK = 1;
    CHECK_EQ(c.Words[1], 1u << 9);
    memset(&c, 0, sizeof(c));
    c.Caps.NoDisplayInUI = 1;
    CHECK_EQ(c.Words[1], 1u << 17);
    memset(&c, 0, sizeof(c));
    c.Caps.WakeFromInterrupt = 1;
    CHECK_EQ(c.Words[1], 1u << 19);
    memset(&c, 0, sizeof(c));
    c.Caps.DecodeIoOnBoot = 1;
    CHECK_EQ(c.Words[1], 1u << 22);
    memset(&c, 0, sizeof(c));
    c.Caps.Reserved = 0x1ff;
    CHECK_EQ(c.Words[1], 0xff800000u);
    memset(&c, 0, sizeof(c));
    c.Caps.D3Latency = 0x12345678;
    CHECK_EQ(c.Words[15], 0x12345678);

    /* SYSTEM_POWER_STATE_CONTEXT bit layout, and the unnamed union that
     * overlays it on Parameters.Power.SystemContext. */
    ctx.ContextAsUlong = 0;
    ctx.TargetSystemState = PowerSystemHibernate;
    CHECK_EQ(ctx.ContextAsUlong, 5u << 8);
    ctx.ContextAsUlong = 0;
    ctx.EffectiveSystemState = 0xf;
    CHECK_EQ(ctx.ContextAsUlong, 0xfu << 12);
    ctx.ContextAsUlong = 0;
    ctx.CurrentSystemState = 0xf;
    CHECK_EQ(ctx.ContextAsUlong, 0xfu << 16);
    ctx.ContextAsUlong = 0;
    ctx.IgnoreHibernationPath = 1;
    ctx.DirectedDripsTransition = 1;
    CHECK_EQ(ctx.ContextAsUlong, (1u << 20) | (1u << 23));
    ctx.ContextAsUlong = 0;
    ctx.Reserved2 = 0xff;
    CHECK_EQ(ctx.ContextAsUlong, 0xff000000u);
    memset(&sp, 0, sizeof(sp));
    sp.Parameters.Power.SystemContext = 4u << 8;
    CHECK_EQ((ULONG)sp.Parameters.Power.SystemPowerStateContext.TargetSystemState,
             PowerSystemSleeping3);
    return test_summary("compile.pnp_decls");
}

#endif /* PNP_DECLS_RUNTIME */
