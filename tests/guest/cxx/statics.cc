// Static and thread-local objects: constructors before main (the program's after those of the library it links),
// destructors after main returns in the reverse order, interleaved with atexit handlers as registered; function-local
// statics made once even when threads race for them; thread_local objects with constructors and destructors, made on
// first use in each thread and destroyed when that thread ends (the main thread's at exit, before the atexit handlers
// and the statics, however late those handlers were registered).
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>
#include "plugins/shapes.h"

struct Announced {
    std::string name;
    explicit Announced(const char *n) : name(n) { std::printf("construct %s\n", name.c_str()); }
    ~Announced() { std::printf("destroy %s\n", name.c_str()); std::fflush(stdout); }
};

Announced first("first global");
static Announced second("second global");

static void at_exit_handler() { std::puts("atexit handler (registered in main)"); }
static void late_handler() { std::puts("atexit handler (registered after the first thread_local object)"); }

static std::atomic<int> made_locals{0};
struct Local {
    Local() { made_locals++; }
};
static Local &shared_local()
{
    static Local local; // __cxa_guard_acquire: one thread makes it, the others wait
    return local;
}

struct PerThread {
    int id;
    PerThread() : id(-1) {}
    ~PerThread()
    {
        if (id >= 0) std::printf("thread_local of thread %d destroyed\n", id);
        std::fflush(stdout);
    }
};
thread_local PerThread per_thread;
thread_local int counter = 100;

int main()
{
    std::printf("main starts; the library made %d shapes\n", shapes_constructed());
    static Announced in_main("function-local static in main");
    std::atexit(at_exit_handler);

    std::vector<std::thread> threads;
    for (int i = 0; i < 8; i++) threads.emplace_back([] { shared_local(); });
    for (auto &t : threads) t.join();
    std::printf("function-local static made %d time(s)\n", made_locals.load());

    for (int i = 1; i <= 3; i++) {
        std::thread t([i] {
            per_thread.id = i;
            counter += i;
            std::printf("thread %d sees counter %d\n", i, counter);
            std::fflush(stdout);
        });
        t.join();
    }
    per_thread.id = 0;
    // Registered after thread_local objects with destructors exist: exit still destroys the main thread's first.
    std::atexit(late_handler);
    std::printf("main sees counter %d\n", counter);
    std::printf("main returns\n");
    return 0;
}
