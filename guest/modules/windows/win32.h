/* win32.h - the Win32 API the Windows host's modules call, declared for guest code: every function is
 * __attribute__((ms_abi)), so gcc (building these System V ELF modules on Linux) emits Win64 calls to
 * it, and every type has a fixed width, so nothing depends on the headers of the machine that builds
 * them. The modules depend on libhost_kernel32.dll (and the other DLLs below), which the core opens
 * with LoadLibraryExW and whose functions it binds with GetProcAddress.
 *
 * Only what the modules use is here, with Win32's names and values (documented by Microsoft; the ones
 * under "ntdll" are the native API's, which Wine implements as Windows does). */
#ifndef MC_WIN32_H
#define MC_WIN32_H

#include <stddef.h>
#include <stdint.h>

#define WINAPI __attribute__((ms_abi))

typedef void *HANDLE;
typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint16_t WCHAR;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef uintptr_t ULONG_PTR, SIZE_T;
typedef intptr_t LONG_PTR;
typedef int32_t NTSTATUS;
typedef uintptr_t SOCKET;

#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#define INVALID_SOCKET ((SOCKET)~(uintptr_t)0)
#define INFINITE 0xffffffffu
#define TRUE 1
#define FALSE 0

/* Each DLL's functions follow a line "==== NAME.dll ====": the build makes the link stub
 * libhost_NAME.dll of each from these declarations (windows/module.mk). */

/* ---- errors ------------------------------------------------------------------------------------ */
#define ERROR_SUCCESS 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_PATH_NOT_FOUND 3
#define ERROR_TOO_MANY_OPEN_FILES 4
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_DATA 13
#define ERROR_OUTOFMEMORY 14
#define ERROR_INVALID_DRIVE 15
#define ERROR_CURRENT_DIRECTORY 16
#define ERROR_NOT_SAME_DEVICE 17
#define ERROR_NO_MORE_FILES 18
#define ERROR_WRITE_PROTECT 19
#define ERROR_NOT_READY 21
#define ERROR_SHARING_VIOLATION 32
#define ERROR_LOCK_VIOLATION 33
#define ERROR_HANDLE_EOF 38
#define ERROR_HANDLE_DISK_FULL 39
#define ERROR_NOT_SUPPORTED 50
#define ERROR_BAD_NETPATH 53
#define ERROR_NETWORK_ACCESS_DENIED 65
#define ERROR_BAD_NET_NAME 67
#define ERROR_FILE_EXISTS 80
#define ERROR_CANNOT_MAKE 82
#define ERROR_INVALID_PARAMETER 87
#define ERROR_BROKEN_PIPE 109
#define ERROR_OPEN_FAILED 110
#define ERROR_BUFFER_OVERFLOW 111
#define ERROR_DISK_FULL 112
#define ERROR_CALL_NOT_IMPLEMENTED 120
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_NAME 123
#define ERROR_NEGATIVE_SEEK 131
#define ERROR_SEEK_ON_DEVICE 132
#define ERROR_DIR_NOT_EMPTY 145
#define ERROR_BUSY 170
#define ERROR_ALREADY_EXISTS 183
#define ERROR_FILENAME_EXCED_RANGE 206
#define ERROR_ENVVAR_NOT_FOUND 203
#define ERROR_NO_DATA 232
#define ERROR_PIPE_NOT_CONNECTED 233
#define ERROR_MORE_DATA 234
#define ERROR_WAIT_TIMEOUT 258
#define ERROR_DIRECTORY 267
#define ERROR_NOT_OWNER 288
#define ERROR_OPERATION_ABORTED 995
#define ERROR_IO_PENDING 997
#define ERROR_NOACCESS 998
#define ERROR_INVALID_ADDRESS 487
#define ERROR_CANT_RESOLVE_FILENAME 1921
#define ERROR_PRIVILEGE_NOT_HELD 1314
#define ERROR_NOT_A_REPARSE_POINT 4390
#define ERROR_TIMEOUT 1460
#define ERROR_DIRECTORY_NOT_SUPPORTED 336

/* ==== kernel32.dll ====================================================================================== */

/* ---- errors, handles, console ------------------------------------------------------------------------- */
WINAPI DWORD GetLastError(void);
WINAPI void SetLastError(DWORD code);
WINAPI BOOL CloseHandle(HANDLE h);
WINAPI BOOL DuplicateHandle(HANDLE source_process, HANDLE source, HANDLE target_process, HANDLE *target,
                            DWORD access, BOOL inherit, DWORD options);
#define DUPLICATE_SAME_ACCESS 0x2
WINAPI HANDLE GetCurrentProcess(void);
WINAPI DWORD GetCurrentProcessId(void);
WINAPI BOOL SetPriorityClass(HANDLE process, DWORD priority_class);
#define IDLE_PRIORITY_CLASS 0x40
#define BELOW_NORMAL_PRIORITY_CLASS 0x4000
#define NORMAL_PRIORITY_CLASS 0x20
#define ABOVE_NORMAL_PRIORITY_CLASS 0x8000
#define HIGH_PRIORITY_CLASS 0x80
WINAPI DWORD GetCurrentThreadId(void);
WINAPI BOOL SetHandleInformation(HANDLE h, DWORD mask, DWORD flags);
#define HANDLE_FLAG_INHERIT 0x1

WINAPI DWORD GetFileType(HANDLE h);
#define FILE_TYPE_UNKNOWN 0
#define FILE_TYPE_DISK 1
#define FILE_TYPE_CHAR 2
#define FILE_TYPE_PIPE 3
WINAPI BOOL GetConsoleMode(HANDLE h, DWORD *mode);
WINAPI BOOL SetConsoleMode(HANDLE h, DWORD mode);
#define ENABLE_PROCESSED_INPUT 0x1
#define ENABLE_LINE_INPUT 0x2
#define ENABLE_ECHO_INPUT 0x4
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x200
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x4   /* an output (screen buffer) mode */
WINAPI BOOL GetNumberOfConsoleInputEvents(HANDLE h, DWORD *count);
WINAPI BOOL FlushConsoleInputBuffer(HANDLE h);
/* INPUT_RECORD: its type, then (at 4) the event; a key's is KEY_EVENT_RECORD. 20 bytes, the largest event's size. */
#define KEY_EVENT 0x1
struct win_input_record {
    WORD type;
    WORD unused;
    BOOL key_down;
    WORD repeat, virtual_key, virtual_scan;
    WCHAR character;
    DWORD control_keys;
};
_Static_assert(sizeof(struct win_input_record) == 20, "INPUT_RECORD");
WINAPI BOOL PeekConsoleInputW(HANDLE h, struct win_input_record *records, DWORD count, DWORD *read);
WINAPI BOOL ReadConsoleInputW(HANDLE h, struct win_input_record *records, DWORD count, DWORD *read);
WINAPI BOOL GetConsoleScreenBufferInfo(HANDLE h, void *info);
struct win_coord { int16_t x, y; };
struct win_small_rect { int16_t left, top, right, bottom; };
struct win_console_screen_buffer_info {
    struct win_coord size, cursor;
    WORD attributes;
    struct win_small_rect window;
    struct win_coord maximum;
};
WINAPI BOOL WriteConsoleW(HANDLE h, const WCHAR *text, DWORD count, DWORD *written, void *reserved);
WINAPI BOOL ReadConsoleW(HANDLE h, WCHAR *text, DWORD count, DWORD *read, void *control);
WINAPI BOOL SetConsoleOutputCP(uint32_t page);
WINAPI BOOL SetConsoleCP(uint32_t page);
#define CP_UTF8 65001

/* ---- text ---------------------------------------------------------------------------------- */
WINAPI int MultiByteToWideChar(uint32_t page, DWORD flags, const char *text, int length, WCHAR *wide, int wide_length);
WINAPI int WideCharToMultiByte(uint32_t page, DWORD flags, const WCHAR *wide, int wide_length, char *text, int length,
                               const char *default_char, BOOL *used_default);
#define MB_ERR_INVALID_CHARS 0x8

/* ---- files ------------------------------------------------------------------------------------ */
WINAPI HANDLE CreateFileW(const WCHAR *name, DWORD access, DWORD share, void *security, DWORD disposition,
                          DWORD flags, HANDLE template_file);
#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define FILE_READ_DATA 0x1
#define FILE_WRITE_DATA 0x2
#define FILE_APPEND_DATA 0x4
#define FILE_READ_ATTRIBUTES 0x80
#define FILE_WRITE_ATTRIBUTES 0x100
#define DELETE 0x10000
#define SYNCHRONIZE 0x100000
#define READ_CONTROL 0x20000
#define FILE_GENERIC_READ 0x120089
#define FILE_GENERIC_WRITE 0x120116
#define FILE_SHARE_READ 0x1
#define FILE_SHARE_WRITE 0x2
#define FILE_SHARE_DELETE 0x4
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5
#define FILE_ATTRIBUTE_READONLY 0x1
#define FILE_ATTRIBUTE_HIDDEN 0x2
#define FILE_ATTRIBUTE_DIRECTORY 0x10
#define FILE_ATTRIBUTE_NORMAL 0x80
#define FILE_ATTRIBUTE_REPARSE_POINT 0x400
#define FILE_FLAG_BACKUP_SEMANTICS 0x02000000
#define FILE_FLAG_OPEN_REPARSE_POINT 0x00200000
#define FILE_FLAG_OVERLAPPED 0x40000000
#define FILE_FLAG_WRITE_THROUGH 0x80000000u
#define INVALID_FILE_ATTRIBUTES 0xffffffffu
WINAPI HANDLE ReOpenFile(HANDLE h, DWORD access, DWORD share, DWORD flags);
WINAPI BOOL ReadFile(HANDLE h, void *buffer, DWORD count, DWORD *read, void *overlapped);
WINAPI BOOL WriteFile(HANDLE h, const void *buffer, DWORD count, DWORD *written, void *overlapped);
struct win_overlapped {
    ULONG_PTR internal, internal_high;
    DWORD offset, offset_high;
    HANDLE event;
};
WINAPI BOOL SetFilePointerEx(HANDLE h, LONGLONG distance, LONGLONG *position, DWORD method);
#define FILE_BEGIN 0
#define FILE_CURRENT 1
#define FILE_END 2
WINAPI BOOL SetEndOfFile(HANDLE h);
WINAPI BOOL FlushFileBuffers(HANDLE h);
WINAPI BOOL GetFileSizeEx(HANDLE h, LONGLONG *size);
struct win_filetime { DWORD low, high; };
struct win_by_handle_file_information {
    DWORD attributes;
    struct win_filetime creation, access, write;
    DWORD volume_serial;
    DWORD size_high, size_low;
    DWORD links;
    DWORD index_high, index_low;
};
WINAPI BOOL GetFileInformationByHandle(HANDLE h, struct win_by_handle_file_information *info);
WINAPI BOOL SetFileTime(HANDLE h, const struct win_filetime *creation, const struct win_filetime *access,
                        const struct win_filetime *write);
WINAPI DWORD GetFileAttributesW(const WCHAR *name);
WINAPI BOOL SetFileAttributesW(const WCHAR *name, DWORD attributes);
WINAPI BOOL DeleteFileW(const WCHAR *name);
WINAPI BOOL CreateDirectoryW(const WCHAR *name, void *security);
WINAPI BOOL RemoveDirectoryW(const WCHAR *name);
WINAPI BOOL MoveFileExW(const WCHAR *from, const WCHAR *to, DWORD flags);
#define MOVEFILE_REPLACE_EXISTING 0x1
#define MOVEFILE_COPY_ALLOWED 0x2
WINAPI BOOL CreateHardLinkW(const WCHAR *name, const WCHAR *existing, void *security);
WINAPI DWORD GetCurrentDirectoryW(DWORD length, WCHAR *buffer);
WINAPI BOOL SetCurrentDirectoryW(const WCHAR *name);
WINAPI DWORD GetFullPathNameW(const WCHAR *name, DWORD length, WCHAR *buffer, WCHAR **file_part);
WINAPI DWORD GetFinalPathNameByHandleW(HANDLE h, WCHAR *buffer, DWORD length, DWORD flags);
WINAPI BOOL GetDiskFreeSpaceExW(const WCHAR *directory, ULONGLONG *available, ULONGLONG *total, ULONGLONG *free);
WINAPI DWORD GetTempPathW(DWORD length, WCHAR *buffer);
struct win_find_data {
    DWORD attributes;
    struct win_filetime creation, access, write;
    DWORD size_high, size_low;
    DWORD reserved0, reserved1;
    WCHAR name[260];
    WCHAR alternate[14];
    DWORD obsolete[2];
};
WINAPI HANDLE FindFirstFileW(const WCHAR *pattern, struct win_find_data *data);
WINAPI BOOL FindNextFileW(HANDLE h, struct win_find_data *data);
WINAPI BOOL FindClose(HANDLE h);
WINAPI BOOL LockFileEx(HANDLE h, DWORD flags, DWORD reserved, DWORD low, DWORD high, struct win_overlapped *where);
WINAPI BOOL UnlockFileEx(HANDLE h, DWORD reserved, DWORD low, DWORD high, struct win_overlapped *where);
#define LOCKFILE_FAIL_IMMEDIATELY 0x1
#define LOCKFILE_EXCLUSIVE_LOCK 0x2
WINAPI BOOL CreatePipe(HANDLE *read, HANDLE *write, void *security, DWORD size);
WINAPI HANDLE CreateNamedPipeW(const WCHAR *name, DWORD open_mode, DWORD pipe_mode, DWORD instances, DWORD out_size,
                               DWORD in_size, DWORD timeout, void *security);
WINAPI BOOL WaitNamedPipeW(const WCHAR *name, DWORD timeout);
#define ERROR_PIPE_BUSY 231
#define PIPE_ACCESS_DUPLEX 0x3
#define FILE_FLAG_FIRST_PIPE_INSTANCE 0x00080000
#define PIPE_TYPE_BYTE 0x0
#define PIPE_REJECT_REMOTE_CLIENTS 0x8
WINAPI BOOL PeekNamedPipe(HANDLE h, void *buffer, DWORD size, DWORD *read, DWORD *available, DWORD *left);
WINAPI BOOL CancelSynchronousIo(HANDLE thread);

/* ---- memory ---------------------------------------------------------------------------- */
WINAPI void *VirtualAlloc(void *address, SIZE_T size, DWORD type, DWORD protect);
WINAPI BOOL VirtualFree(void *address, SIZE_T size, DWORD type);
WINAPI BOOL VirtualProtect(void *address, SIZE_T size, DWORD protect, DWORD *old);
struct win_memory_basic_information {
    void *base, *allocation_base;
    DWORD allocation_protect;
    WORD partition_id;
    SIZE_T region_size;
    DWORD state, protect, type;
};
WINAPI SIZE_T VirtualQuery(const void *address, struct win_memory_basic_information *info, SIZE_T length);
#define MEM_COMMIT 0x1000
#define MEM_RESERVE 0x2000
#define MEM_DECOMMIT 0x4000
#define MEM_RELEASE 0x8000
#define MEM_FREE 0x10000
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
WINAPI HANDLE GetProcessHeap(void);
WINAPI void *HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size);
WINAPI void *HeapReAlloc(HANDLE heap, DWORD flags, void *block, SIZE_T size);
WINAPI BOOL HeapFree(HANDLE heap, DWORD flags, void *block);
#define HEAP_ZERO_MEMORY 0x8
WINAPI HANDLE CreateFileMappingW(HANDLE file, void *security, DWORD protect, DWORD size_high, DWORD size_low, const WCHAR *name);
WINAPI void *MapViewOfFileEx(HANDLE mapping, DWORD access, DWORD offset_high, DWORD offset_low, SIZE_T size, void *address);
WINAPI BOOL UnmapViewOfFile(const void *address);
WINAPI BOOL FlushViewOfFile(const void *address, SIZE_T size);
#define FILE_MAP_WRITE 0x2
#define FILE_MAP_READ 0x4
#define FILE_MAP_COPY 0x1
#define FILE_MAP_EXECUTE 0x20
#define MEM_MAPPED 0x40000
struct win_system_info {
    WORD architecture, reserved;
    DWORD page_size;
    void *minimum_address, *maximum_address;
    ULONG_PTR active_processors;
    DWORD processors, processor_type, allocation_granularity;
    WORD level, revision;
};
WINAPI void GetSystemInfo(struct win_system_info *info);
struct win_memory_status {
    DWORD length, load;
    ULONGLONG total_phys, avail_phys, total_page_file, avail_page_file, total_virtual, avail_virtual, avail_extended;
};
WINAPI BOOL GlobalMemoryStatusEx(struct win_memory_status *status);

/* ---- time, waiting, synchronization ---------------------------------------------------------- */
WINAPI void GetSystemTimePreciseAsFileTime(struct win_filetime *now);
WINAPI BOOL QueryPerformanceCounter(LONGLONG *count);
WINAPI BOOL QueryPerformanceFrequency(LONGLONG *frequency);
WINAPI ULONGLONG GetTickCount64(void);
WINAPI void Sleep(DWORD milliseconds);
WINAPI DWORD SleepEx(DWORD milliseconds, BOOL alertable);
WINAPI DWORD WaitForSingleObject(HANDLE h, DWORD milliseconds);
/* Alertable: the core's interruption (a user APC) ends it with WAIT_IO_COMPLETION. */
WINAPI DWORD WaitForSingleObjectEx(HANDLE h, DWORD milliseconds, BOOL alertable);
#define WAIT_IO_COMPLETION 0xC0
/* A wait the thread pool makes: `callback(context, timed_out)` runs on a pool thread when `object` is signalled. */
WINAPI BOOL RegisterWaitForSingleObject(HANDLE *wait, HANDLE object, void (__attribute__((ms_abi)) *callback)(void *, BYTE),
                                        void *context, DWORD milliseconds, DWORD flags);
WINAPI BOOL UnregisterWaitEx(HANDLE wait, HANDLE completion);
#define WT_EXECUTEONLYONCE 0x8
WINAPI DWORD WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL all, DWORD milliseconds);
#define WAIT_OBJECT_0 0
#define WAIT_TIMEOUT 258
#define WAIT_FAILED 0xffffffffu
struct win_process_memory_counters {
    DWORD size, page_faults;
    SIZE_T peak_working_set, working_set, quota_peak_paged, quota_paged, quota_peak_nonpaged, quota_nonpaged,
           pagefile, peak_pagefile;
};
WINAPI BOOL K32GetProcessMemoryInfo(HANDLE process, struct win_process_memory_counters *counters, DWORD size);
WINAPI BOOL GetProcessTimes(HANDLE process, struct win_filetime *creation, struct win_filetime *exit,
                            struct win_filetime *kernel, struct win_filetime *user);
WINAPI BOOL GetThreadTimes(HANDLE thread, struct win_filetime *creation, struct win_filetime *exit,
                           struct win_filetime *kernel, struct win_filetime *user);
WINAPI HANDLE GetCurrentThread(void);
typedef struct { void *ptr; } SRWLOCK;
WINAPI void AcquireSRWLockExclusive(SRWLOCK *lock);
WINAPI void ReleaseSRWLockExclusive(SRWLOCK *lock);
WINAPI DWORD GetCurrentProcessorNumber(void);
WINAPI BOOL GetProcessAffinityMask(HANDLE process, ULONG_PTR *process_mask, ULONG_PTR *system_mask);
WINAPI BOOL SwitchToThread(void);

/* ---- processes and the environment ------------------------------------------------------------- */
struct win_startup_info {
    DWORD cb;
    WCHAR *reserved, *desktop, *title;
    DWORD x, y, x_size, y_size, x_count_chars, y_count_chars, fill_attribute, flags;
    WORD show_window, reserved2_size;
    BYTE *reserved2;
    HANDLE std_input, std_output, std_error;
};
#define STARTF_USESTDHANDLES 0x100
/* STARTUPINFOEXW: the startup information with an attribute list (EXTENDED_STARTUPINFO_PRESENT). */
struct win_startup_info_ex {
    struct win_startup_info info;
    void *attributes;
};
#define EXTENDED_STARTUPINFO_PRESENT 0x80000
#define PROC_THREAD_ATTRIBUTE_HANDLE_LIST 0x20002
WINAPI BOOL InitializeProcThreadAttributeList(void *list, DWORD count, DWORD flags, SIZE_T *size);
WINAPI BOOL UpdateProcThreadAttribute(void *list, DWORD flags, uintptr_t attribute, void *value, SIZE_T size,
                                      void *previous, SIZE_T *returned);
WINAPI void DeleteProcThreadAttributeList(void *list);
struct win_process_information {
    HANDLE process, thread;
    DWORD process_id, thread_id;
};
WINAPI BOOL CreateProcessW(const WCHAR *application, WCHAR *command_line, void *process_security, void *thread_security,
                           BOOL inherit_handles, DWORD flags, void *environment, const WCHAR *directory,
                           struct win_startup_info *startup, struct win_process_information *info);
#define CREATE_UNICODE_ENVIRONMENT 0x400
#define CREATE_NEW_PROCESS_GROUP 0x200
#define CREATE_SUSPENDED 0x4
WINAPI BOOL GetExitCodeProcess(HANDLE process, DWORD *code);
#define STILL_ACTIVE 259
WINAPI BOOL TerminateProcess(HANDLE process, uint32_t code);
WINAPI HANDLE OpenProcess(DWORD access, BOOL inherit, DWORD pid);
#define PROCESS_TERMINATE 0x1
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
WINAPI DWORD ResumeThread(HANDLE thread);
/* Job objects (winnt.h's JOBOBJECT_EXTENDED_LIMIT_INFORMATION, x64 layout). */
struct win_job_extended_limits {
    struct {
        int64_t per_process_user_time, per_job_user_time;
        DWORD limit_flags;
        SIZE_T minimum_working_set, maximum_working_set;
        DWORD active_process_limit;
        ULONG_PTR affinity;
        DWORD priority_class, scheduling_class;
    } basic;
    uint64_t io_counters[6];
    SIZE_T process_memory_limit, job_memory_limit, peak_process_memory, peak_job_memory;
};
#define JOB_OBJECT_EXTENDED_LIMIT_INFORMATION 9
#define JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK 0x1000
#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE 0x2000
WINAPI HANDLE CreateJobObjectW(void *security, const WCHAR *name);
WINAPI BOOL SetInformationJobObject(HANDLE job, int kind, void *info, DWORD size);
WINAPI BOOL AssignProcessToJobObject(HANDLE job, HANDLE process);
WINAPI HANDLE OpenFileMappingW(DWORD access, BOOL inherit, const WCHAR *name);
/* The host's processes, listed (tlhelp32.h). */
struct win_process_entry {
    DWORD size, usage, process_id;
    ULONG_PTR heap_id;
    DWORD module_id, threads, parent_process_id;
    LONG base_priority;
    DWORD flags;
    WCHAR exe_file[260];
};
#define TH32CS_SNAPPROCESS 0x2
WINAPI HANDLE CreateToolhelp32Snapshot(DWORD flags, DWORD process_id);
WINAPI BOOL Process32FirstW(HANDLE snapshot, struct win_process_entry *entry);
WINAPI BOOL Process32NextW(HANDLE snapshot, struct win_process_entry *entry);
WINAPI DWORD GetEnvironmentVariableW(const WCHAR *name, WCHAR *buffer, DWORD size);
WINAPI BOOL GetComputerNameExW(int kind, WCHAR *buffer, DWORD *size);
#define COMPUTER_NAME_DNS_HOSTNAME 1
WINAPI HANDLE GetStdHandle(DWORD which);
WINAPI DWORD GetModuleFileNameW(HANDLE module, WCHAR *buffer, DWORD size);

/* ==== kernelbase.dll: the API set api-ms-win-core-synch-l1-2-0 ========================================== */
WINAPI BOOL WaitOnAddress(volatile void *address, void *compare, SIZE_T size, DWORD milliseconds);
WINAPI void WakeByAddressSingle(void *address);
WINAPI void WakeByAddressAll(void *address);

/* ==== ntdll.dll ========================================================================================== */
struct win_os_version {
    ULONG size, major, minor, build, platform;
    WCHAR service_pack[128];
};
WINAPI NTSTATUS RtlGetVersion(struct win_os_version *version);
struct win_process_basic_information {
    NTSTATUS exit_status;
    void *peb;
    ULONG_PTR affinity;
    LONG base_priority;
    ULONG_PTR pid, parent_pid;
};
WINAPI NTSTATUS NtQueryInformationProcess(HANDLE process, int kind, void *info, ULONG length, ULONG *returned);
#define PROCESS_BASIC_INFORMATION_CLASS 0

/* ==== advapi32.dll ======================================================================================= */
/* RtlGenRandom: the system's random bytes (what rand_s and the C runtimes use); TRUE on success. */
WINAPI uint8_t SystemFunction036(void *buffer, ULONG length);


/* ==== ws2_32.dll ========================================================================================= */
/* Winsock 2. Its sockaddr_in, sockaddr_in6 and sockaddr_un have Linux's layouts; only AF_INET6's number
 * differs. Its `long` is 32 bits (ioctlsocket). Errors come from WSAGetLastError (WSAE*, below). */
struct win_wsadata { BYTE opaque[512]; };   /* WSADATA is 408 bytes on x64; nothing in it is read */
WINAPI int WSAStartup(WORD version, struct win_wsadata *data);
WINAPI int WSAGetLastError(void);
WINAPI void WSASetLastError(int error);
WINAPI SOCKET socket(int family, int type, int protocol);
WINAPI SOCKET WSASocketW(int family, int type, int protocol, void *info, uint32_t group, DWORD flags);
#define WSA_FLAG_OVERLAPPED 0x01
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
WINAPI int closesocket(SOCKET s);
WINAPI int bind(SOCKET s, const void *addr, int len);
WINAPI int listen(SOCKET s, int backlog);
WINAPI SOCKET accept(SOCKET s, void *addr, int *len);
WINAPI int connect(SOCKET s, const void *addr, int len);
WINAPI int getsockname(SOCKET s, void *addr, int *len);
WINAPI int getpeername(SOCKET s, void *addr, int *len);
WINAPI int shutdown(SOCKET s, int how);
WINAPI int send(SOCKET s, const void *buffer, int len, int flags);
WINAPI int recv(SOCKET s, void *buffer, int len, int flags);
WINAPI int sendto(SOCKET s, const void *buffer, int len, int flags, const void *to, int to_len);
WINAPI int recvfrom(SOCKET s, void *buffer, int len, int flags, void *from, int *from_len);
struct win_wsabuf {
    ULONG len;
    char *buf;
};
WINAPI int WSASendTo(SOCKET s, struct win_wsabuf *buffers, DWORD count, DWORD *sent, DWORD flags, const void *to,
                     int to_len, void *overlapped, void *completion);
WINAPI int WSARecvFrom(SOCKET s, struct win_wsabuf *buffers, DWORD count, DWORD *received, DWORD *flags, void *from,
                       int *from_len, void *overlapped, void *completion);
WINAPI int setsockopt(SOCKET s, int level, int name, const void *value, int len);
WINAPI int getsockopt(SOCKET s, int level, int name, void *value, int *len);
WINAPI int ioctlsocket(SOCKET s, int32_t command, uint32_t *argument);
#define FIONBIO ((int32_t)0x8004667e)
#define FIONREAD ((int32_t)0x4004667f)
struct win_pollfd {
    SOCKET fd;
    int16_t events, revents;
};
WINAPI int WSAPoll(struct win_pollfd *fds, ULONG count, int timeout);
#define WIN_POLLRDNORM 0x100
#define WIN_POLLRDBAND 0x200
#define WIN_POLLWRNORM 0x10
#define WIN_POLLERR 0x1
#define WIN_POLLHUP 0x2
#define WIN_POLLNVAL 0x4
struct win_fd_set {
    uint32_t count;
    SOCKET sockets[64];
};
struct win_timeval { int32_t tv_sec, tv_usec; };
WINAPI int select(int ignored, struct win_fd_set *read, struct win_fd_set *write, struct win_fd_set *except,
                  const struct win_timeval *timeout);
#define SOCKET_ERROR (-1)
#define WIN_AF_UNSPEC 0
#define WIN_AF_UNIX 1
#define WIN_AF_INET 2
#define WIN_AF_INET6 23
#define WIN_SOCK_STREAM 1
#define WIN_SOCK_DGRAM 2
#define WIN_SOCK_RAW 3
#define WIN_SOCK_SEQPACKET 5
#define WIN_SOL_SOCKET 0xffff
#define WIN_SO_DEBUG 0x1
#define WIN_SO_ACCEPTCONN 0x2
#define WIN_SO_KEEPALIVE 0x8
#define WIN_SO_DONTROUTE 0x10
#define WIN_SO_BROADCAST 0x20
#define WIN_SO_LINGER 0x80
#define WIN_SO_OOBINLINE 0x100
#define WIN_SO_SNDBUF 0x1001
#define WIN_SO_RCVBUF 0x1002
#define WIN_SO_SNDLOWAT 0x1003
#define WIN_SO_RCVLOWAT 0x1004
#define WIN_SO_ERROR 0x1007
struct win_linger { uint16_t l_onoff, l_linger; };
#define WIN_IPPROTO_IP 0
#define WIN_IPPROTO_TCP 6
#define WIN_IPPROTO_IPV6 41
#define WIN_TCP_NODELAY 1
#define WIN_TCP_KEEPALIVE 3   /* Linux's TCP_KEEPIDLE: idle seconds before the first probe */
#define WIN_TCP_MAXSEG 4
#define WIN_TCP_KEEPCNT 16
#define WIN_TCP_KEEPINTVL 17
#define WIN_IP_TOS 3
#define WIN_IP_TTL 4
#define WIN_IP_MULTICAST_IF 9
#define WIN_IP_MULTICAST_TTL 10
#define WIN_IP_MULTICAST_LOOP 11
#define WIN_IP_ADD_MEMBERSHIP 12
#define WIN_IP_DROP_MEMBERSHIP 13
#define WIN_IPV6_UNICAST_HOPS 4
#define WIN_IPV6_MULTICAST_IF 9
#define WIN_IPV6_MULTICAST_HOPS 10
#define WIN_IPV6_MULTICAST_LOOP 11
#define WIN_IPV6_ADD_MEMBERSHIP 12
#define WIN_IPV6_DROP_MEMBERSHIP 13
#define WIN_IPV6_V6ONLY 27
#define WIN_MSG_OOB 0x1
#define WIN_MSG_PEEK 0x2
#define WIN_MSG_DONTROUTE 0x4
#define WIN_MSG_TRUNC 0x100
#define WIN_MSG_CTRUNC 0x200
#define WIN_SD_RECEIVE 0
#define WIN_SD_SEND 1
#define WIN_SD_BOTH 2
/* Winsock's errors (WSAGetLastError). */
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEDESTADDRREQ 10039
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP 10045
#define WSAEPFNOSUPPORT 10046
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAENETUNREACH 10051
#define WSAENETRESET 10052
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAELOOP 10062
#define WSAENAMETOOLONG 10063
#define WSAEHOSTDOWN 10064
#define WSAEHOSTUNREACH 10065
#define WSAEPROCLIM 10067
#define WSASYSNOTREADY 10091
#define WSANOTINITIALISED 10093
#define WSAEDISCON 10101

#endif
