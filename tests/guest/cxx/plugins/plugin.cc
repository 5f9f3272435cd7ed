// plugin: a C++ plug-in the exceptions test opens with dlopen (never linked): a static object made when it is opened
// and destroyed at exit, a function that throws through its own frames into the program, and a thread_local object
// with a destructor.
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {
struct Opened {
    Opened() { std::puts("[plugin] static constructor (dlopen)"); }
    ~Opened() { std::puts("[plugin] static destructor"); }
} opened;

struct Scoped {
    ~Scoped() { std::puts("  [plugin] cleanup on the way out"); }
};

struct PerThread {
    int uses = 0;
    ~PerThread()
    {
        if (uses) std::printf("  [plugin] thread_local destroyed after %d use(s)\n", uses);
        std::fflush(stdout);
    }
};
thread_local PerThread per_thread;
}

extern "C" void plugin_throw(int value)
{
    Scoped scoped;
    per_thread.uses++;
    throw std::range_error("thrown in the plug-in: " + std::to_string(value));
}
