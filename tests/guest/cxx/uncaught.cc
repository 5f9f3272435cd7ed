// An exception nobody catches, from main or from a std::thread's function: the unwinder reaches the frame where the
// program (or the thread) was entered, finds no handler and std::terminate runs: the same message on stderr as
// natively, and the status of abort().
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

int main(int argc, char **argv)
{
    std::puts("before");
    std::fflush(stdout);
    if (argc > 1 && std::strcmp(argv[1], "thread") == 0) {
        std::thread t([] { throw std::runtime_error("from a thread"); });
        t.join();
    }
    throw std::logic_error("from main");
}
