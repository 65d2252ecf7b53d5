// Copyright (C) 2026 The plugpolicy Authors.
// SPDX-License-Identifier: GPL-3.0-only

package builtin

import (
	"github.com/plugpolicy/plugpolicy/interfaces"
	"github.com/plugpolicy/plugpolicy/mount"
)

// opengl: using the GPU through OpenGL, Vulkan, EGL, VA-API, OpenCL and
// CUDA: the host's driver libraries as snapd exposes them, and the device
// nodes of the common GPU drivers. Any snap may plug it, and it connects
// on its own.
//
// Decisions:
//   - As snapd does, the host's /usr/share/nvidia (driver profiles,
//     read-only) and /usr/lib/wsl (WSL2's GPU libraries, recursively) are
//     bind-mounted into the snap where the host has them (Host.Dirs, a
//     host fact given to the catalog, never read while rendering), with
//     the snap-update-ns rules and the writable mimics of /usr/share and
//     /usr/lib that make their mount points. The AppArmor rules for
//     reading them are there either way.
//   - Some NVIDIA device nodes have no sysfs entry and cannot be tagged by
//     udev; snap-confine adds them to the device cgroup itself, as with
//     snapd. The udev rules below are those snapd tags.
type openglInterface struct {
	commonInterface
	host Host
}

func newOpenGL() interfaces.Interface {
	return &openglInterface{commonInterface: commonInterface{
		name:              "opengl",
		summary:           "allows access to OpenGL stack",
		docURL:            "https://snapcraft.io/docs/opengl-interface",
		implicitOnCore:    true,
		implicitOnClassic: true,
		// Only the system offers the slot; any snap may plug it, and
		// connect automatically.
		baseDeclarationSlots: `
  opengl:
    allow-installation:
      slot-snap-type:
        - core
`,
		connectedPlugAppArmor: openglAppArmor,
		connectedPlugUDev: []string{
			`SUBSYSTEM=="drm", KERNEL=="card[0-9]*"`,
			`SUBSYSTEM=="dma_heap", KERNEL=="linux,cma"`,
			`SUBSYSTEM=="dma_heap", KERNEL=="system"`,
			`KERNEL=="vchiq"`,
			`KERNEL=="vcsm-cma"`,
			`KERNEL=="renderD[0-9]*"`,
			`KERNEL=="nvhost-*"`,
			`KERNEL=="nvmap"`,
			`KERNEL=="tegra_dc_ctrl"`,
			`KERNEL=="tegra_dc_[0-9]*"`,
			`KERNEL=="pvr_sync"`,
			`KERNEL=="mali[0-9]*"`,
			`KERNEL=="dma_buf_te"`,
			`KERNEL=="galcore"`,
			// snapd writes the first two without a comma between the
			// keys; udev reads them all the same.
			`SUBSYSTEM=="nvidia-gpu-v2" KERNEL=="ctrl"`,
			`SUBSYSTEM=="nvidia-gpu-v2" KERNEL=="prof"`,
			`SUBSYSTEM=="nvidia-gpu-v2-power" KERNEL=="power"`,
			`SUBSYSTEM=="host1x-fence"`,
			`SUBSYSTEM=="kfd", KERNEL=="kfd"`,
		},
	}}
}

// forHost gives the interface the host directories it mounts.
func (iface *openglInterface) forHost(h Host) interfaces.Interface {
	c := *iface
	c.host = Host{Dirs: append([]string(nil), h.Dirs...)}
	return &c
}

// The host directories opengl binds into the snap.
const (
	openglNvidiaDir = "/usr/share/nvidia"
	openglWSLDir    = "/usr/lib/wsl"
)

// MountConnectedPlug binds the host's NVIDIA profiles and WSL libraries
// into the snap where the host has them, and lets snap-update-ns do so.
func (iface *openglInterface) MountConnectedPlug(spec *mount.Specification, plug *interfaces.ConnectedPlug, slot *interfaces.ConnectedSlot) error {
	if iface.host.HasDir(openglNvidiaDir) {
		spec.AddUpdateNS(`  # The host's NVIDIA driver profiles, read-only.
  mount options=(bind) /var/lib/snapd/hostfs/usr/share/nvidia/ -> /usr/share/nvidia/,
  remount options=(bind, ro) /usr/share/nvidia/,
  umount /usr/share/nvidia/,
`)
		if err := spec.AddWritableProfile(openglNvidiaDir, 2); err != nil {
			return err
		}
		if err := spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs" + openglNvidiaDir, Dir: openglNvidiaDir, Options: []string{"bind", "ro"}}); err != nil {
			return err
		}
	}
	if iface.host.HasDir(openglWSLDir) {
		spec.AddUpdateNS(`  # WSL2's GPU libraries, with what is mounted below them.
  mount options=(rbind) /var/lib/snapd/hostfs/usr/lib/wsl/ -> /usr/lib/wsl/,
  umount /usr/lib/wsl/,
`)
		if err := spec.AddWritableProfile(openglWSLDir, 2); err != nil {
			return err
		}
		if err := spec.AddMountEntry(mount.Entry{Name: "/var/lib/snapd/hostfs" + openglWSLDir, Dir: openglWSLDir, Options: []string{"rbind", "rw"}}); err != nil {
			return err
		}
	}
	return nil
}

const openglAppArmor = `
# The GL libraries snapd collects from the host for snaps.
/var/lib/snapd/lib/gl{,32}/ r,
/var/lib/snapd/lib/gl{,32}/** rm,

# libdrm's table of AMD GPU names.
/usr/share/libdrm/amdgpu.ids r,

# The host's library directories, which the NVIDIA container toolkit lists
# to find the driver, and the NVIDIA driver libraries in them (both
# architectures of a bi-arch system).
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/} r,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcuda*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnvidia*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnvoptix*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}tls/libnvidia*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnvcuvid.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}lib{GL,GLESv1_CM,GLESv2,EGL}*nvidia.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libGLdispatch.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}vdpau/libvdpau_nvidia.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnv{rm,dc,imp,os}*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}gbm/nvidia-drm_gbm.so{,.*} rm,

# The host's CUDA libraries.
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnpp{c,ig,ial,icc,idei,ist,if,im,itc}*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcublas{,Lt}*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcufft.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcusolver.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcuparse.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcurand.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libcudnn{,_adv_infer,_adv_train,_cnn_infer,_cnn_train,_ops_infer,_ops_train}*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnvrtc{,-builtins}*.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}libnvToolsExt.so{,.*} rm,
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}nvidia/wine/*.dll rm,

# The Vulkan ICD, GLVND EGL vendor and EGL external platform files that
# point the loaders at the NVIDIA driver.
/var/lib/snapd/lib/vulkan/ r,
/var/lib/snapd/lib/vulkan/** r,
/var/lib/snapd/hostfs/usr/share/vulkan/icd.d/*nvidia*.json r,
/var/lib/snapd/lib/glvnd/ r,
/var/lib/snapd/lib/glvnd/** r,
/var/lib/snapd/hostfs/usr/share/glvnd/egl_vendor.d/ r,
/var/lib/snapd/hostfs/usr/share/glvnd/egl_vendor.d/*nvidia*.json r,
/var/lib/snapd/hostfs/usr/share/egl/egl_external_platform.d/ r,
/var/lib/snapd/hostfs/usr/share/egl/egl_external_platform.d/*nvidia*.json r,

# The host's main GL libraries, including those in nvidia directories.
/var/lib/snapd/hostfs/{,usr/}lib{,32,64,x32}/{,@{multiarch}/}{,nvidia*/}lib{OpenGL,GL,GLU,GLESv1_CM,GLESv2,EGL,GLX}.so{,.*} rm,

# GPU libraries another snap exports (the *-driver-libs interfaces), which
# snap-confine mounts here.
/var/lib/snapd/lib/system/gpu/{,**} rm,

# WSL2's GPU libraries.
/usr/lib/wsl/{,**} rm,

# Every DRM card: hybrid systems have several, ARM boards often split
# display and render, and nothing says which one the program uses.
/dev/dri/ r,
/dev/dri/card[0-9]* rw,

# NVIDIA: the VDPAU wrapper's configuration, the driver's parameters, its
# GPUs' details and MIG monitoring capability, its devices and abstract
# sockets, the socket pair GLX needs with a confined Xorg (an unconfined
# one delegates it), and the driver's application profiles.
/etc/vdpau_wrapper.cfg r,
@{PROC}/driver/nvidia/params r,
@{PROC}/driver/nvidia/gpus/*/information r,
@{PROC}/driver/nvidia/capabilities/mig/monitor r,
@{PROC}/modules r,
/dev/nvidia* rw,
unix (send, receive) type=dgram peer=(addr="@nvidia[0-9a-f]*"),
unix (send, receive) type=stream peer=(label="Xorg"),
/usr/share/nvidia/ r,
/usr/share/nvidia/** r,

# Broadcom VideoCore: EGL (shared with the camera) and accelerated MMAL
# video decoding.
/dev/vchiq rw,
/dev/vcsm-cma rw,

# Render nodes, for VA-API and headless rendering.
/dev/dri/renderD[0-9]* rw,

# Intel: whether unprivileged performance monitoring is allowed.
@{PROC}/sys/dev/i915/perf_stream_paranoid r,

# CUDA: memory layout facts, device numbers, Tegra fuses, its abstract
# socket and shared memory, and the Tegra host1x and nvmap devices.
@{PROC}/sys/vm/mmap_min_addr r,
@{PROC}/devices r,
/sys/devices/system/memory/block_size_bytes r,
/sys/module/tegra_fuse/parameters/tegra_* r,
unix (bind,listen) type=seqpacket addr="@cuda-uvmfd-[0-9a-f]*",
/{dev,run}/shm/cuda.* rw,
/dev/nvhost-* rw,
/dev/nvmap rw,

# The Tegra display controller.
/dev/tegra_dc_ctrl rw,
/dev/tegra_dc_[0-9]* rw,

# Xilinx's zocl DRM driver in sysfs.
/sys/devices/platform/amba{,_pl@[0-9]*}/amba{,_pl@[0-9]*}:zyxclmm_drm/* r,

# Imagination PowerVR.
/dev/pvr_sync rw,

# ARM Mali, and the DMA buffers and heaps it shares.
/dev/mali[0-9]* rw,
/dev/dma_buf_te rw,
/dev/dma_heap/linux,cma rw,
/dev/dma_heap/system rw,

# NXP i.MX (Vivante galcore).
/dev/galcore rw,

# OpenCL's installable client drivers.
/etc/OpenCL/vendors/ r,
/etc/OpenCL/vendors/** r,

# Parallels guest tools' 3D acceleration.
@{PROC}/driver/prl_vtg rw,

# What drivers read about the PCI devices (GPUs among them) and the DRM
# devices in sysfs.
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/config r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/revision r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/resource r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/irq r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/boot_vga r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/{,subsystem_}class r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/{,subsystem_}device r,
/sys/devices/{,*pcie-controller/,platform/{soc,scb}/*.pcie/}pci[0-9a-f]*/**/{,subsystem_}vendor r,
/sys/devices/**/drm{,_dp_aux_dev}/** r,

# udev's data about GPUs, which libraries query. This is wider than the
# devices above need (the whole PCI list, and every DRM card, whose
# character major is 226).
/sys/bus/pci/devices/ r,
/sys/bus/platform/devices/soc:gpu/ r,
/run/udev/data/+drm:card* r,
/run/udev/data/+pci:[0-9a-f]* r,
/run/udev/data/+platform:soc:gpu* r,
/run/udev/data/c226:[0-9]* r,

# The NVIDIA X driver's sockets (LP: #1862832).
/run/nvidia-xdriver-* rw,
unix (send, receive) type=dgram peer=(addr="@var/run/nvidia-xdriver-*"),

# NVIDIA's integrated GPUs (nvgpu) and the Tegra host1x sync fences.
/dev/nvgpu/igpu[0-9]*/power rw,
/dev/nvgpu/igpu[0-9]*/ctrl rw,
/dev/nvgpu/igpu[0-9]*/prof rw,
/dev/host1x-fence rw,

# AMD's Kernel Fusion Driver (ROCm compute): its device, whether amdgpu
# is loaded, and the GPU topology it publishes.
/dev/kfd rw,
/sys/module/amdgpu/initstate r,
/sys/devices/virtual/kfd/kfd/dev r,
/sys/devices/virtual/kfd/kfd/uevent r,
/sys/devices/virtual/kfd/kfd/topology/{,generation_id,system_properties} r,
/sys/devices/virtual/kfd/kfd/topology/nodes/[0-9]*/{,gpu_id,properties,io_links/[0-9]*/properties,caches/[0-9]*/properties,mem_banks/[0-9]*/properties} r,

# The socket of NVIDIA's persistence daemon, which DCGM talks to.
/run/nvidia-persistenced/socket rw,
`
