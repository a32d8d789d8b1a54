/*
 * tests/unit/test_seh_cxx.cpp - <ntio/seh.h> compiled as C++ (g++ with the
 * Windows flags): __try/__except/__finally/__leave with objects that have
 * destructors, C++ exceptions crossing a __try, and libstdc++ headers
 * included after seh.h (whose inline __try/__catch then use ntio's).
 * The one diagnostic line on stderr (a __leave inside a loop) is expected.
 *
 * Needs the CXX language in CMake; build by hand:
 *   g++ -std=gnu++17 -g -O2 -fshort-wchar -fms-extensions -fno-strict-aliasing
 *       -Wall -Wextra -Wno-unused-parameter -Iinclude -Iinclude/ddk -Ikernel -Itests
 *       tests/unit/test_seh_cxx.cpp <kernel objects or -lntoskrnl> -ldw -lelf -lpthread
 */
#include <ntio/seh.h>

#include <string>   /* after seh.h on purpose */
#include <vector>

#include "harness.h"
#include "ke/except.h"

static int Destroyed;
struct Guard {
    std::string Name;
    Guard() : Name("guard") {}
    ~Guard() { Destroyed++; }
};

static int *volatile NullPointer;

/* The null store is the point of the test: UBSan must not stop it first. */
static __attribute__((no_sanitize_undefined)) NTSTATUS CaughtWithObjects()
{
    volatile NTSTATUS Code = 0;

    __try {
        Guard G;
        *NullPointer = 1;
    } __except (GetExceptionCode() == STATUS_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
                                                               : EXCEPTION_CONTINUE_SEARCH) {
        Code = GetExceptionCode();
    }
    return Code;
}

static int LeaveRunsDestructors()
{
    volatile int Finally = 0;
    int Before = Destroyed;

    __try {
        Guard G;
        __leave;
    } __finally {
        Finally = 1 + AbnormalTermination();
    }
    return Finally == 1 && Destroyed == Before + 1;
}

static int FinallyWhileUnwinding()
{
    volatile int Seen = 0;

    __try {
        __try {
            ExRaiseStatus(STATUS_NO_MEMORY);
        } __finally {
            Seen = AbnormalTermination();
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Seen = Seen + (GetExceptionCode() == STATUS_NO_MEMORY ? 10 : 100);
    }
    return Seen;
}

static int CxxExceptionThroughTry()
{
    try {
        __try {
            throw 42;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return -1;
        }
    } catch (int Value) {
        return __ntio_seh_thread.Top == nullptr ? Value : -2;
    }
    return 0;
}

/* libstdc++'s own __try/__catch (compiled after seh.h) run as ntio frames
   that handle nothing; without exceptions nothing changes.  (A C++
   exception inside one would skip its catch block, as with -fno-exceptions:
   the documented cost of including standard headers after seh.h.) */
static int StandardLibraryAfterSeh()
{
    std::vector<std::string> Items;
    for (int i = 0; i < 100; i++)
        Items.push_back(std::string(i, 'x'));
    return (int)Items.size() + (int)Items[99].size() +
           (__ntio_seh_thread.Top == nullptr ? 0 : 1000);
}

static int LeaveInsideLoop()
{
    volatile int After = 0;

    __try {
        for (int i = 0; i < 3; i++)
            if (i == 1)
                __leave;   /* C++: a break, leaves only the for loop (reported) */
        After = 1;
    } __finally {
    }
    return After;
}

int main()
{
    KiInitializeExceptionHandling();
    CHECK_EQ(CaughtWithObjects(), STATUS_ACCESS_VIOLATION);
    CHECK(LeaveRunsDestructors());
    CHECK_EQ(FinallyWhileUnwinding(), 11);
    CHECK_EQ(CxxExceptionThroughTry(), 42);
    CHECK_EQ(StandardLibraryAfterSeh(), 199);
    CHECK_EQ(LeaveInsideLoop(), 1);   /* the documented C++ difference */
    CHECK(__ntio_seh_thread.Top == nullptr);
    return test_summary("test_seh_cxx");
}
