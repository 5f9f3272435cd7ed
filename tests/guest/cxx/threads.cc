// std::thread, std::mutex, std::condition_variable, std::atomic, std::future/std::async, std::shared_mutex,
// std::call_once, std::this_thread::sleep_for measured with <chrono>'s steady_clock, and hardware_concurrency.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <vector>

int main()
{
    // A counter many threads add to under a mutex.
    std::mutex m;
    long total = 0;
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; t++)
        workers.emplace_back([&] {
            for (int i = 0; i < 20000; i++) {
                std::lock_guard<std::mutex> lock(m);
                total++;
            }
        });
    for (auto &w : workers) w.join();
    std::printf("mutex total %ld\n", total);

    // A producer and a consumer through a queue and a condition variable.
    std::queue<int> queue;
    std::condition_variable ready;
    bool done = false;
    long sum = 0;
    std::thread consumer([&] {
        std::unique_lock<std::mutex> lock(m);
        for (;;) {
            ready.wait(lock, [&] { return !queue.empty() || done; });
            while (!queue.empty()) {
                sum += queue.front();
                queue.pop();
            }
            if (done) break;
        }
    });
    for (int i = 1; i <= 1000; i++) {
        std::lock_guard<std::mutex> lock(m);
        queue.push(i);
        ready.notify_one();
    }
    {
        std::lock_guard<std::mutex> lock(m);
        done = true;
    }
    ready.notify_one();
    consumer.join();
    std::printf("condition variable sum %ld\n", sum);

    // wait_for times out when nobody notifies.
    {
        std::unique_lock<std::mutex> lock(m);
        auto start = std::chrono::steady_clock::now();
        bool woke = ready.wait_for(lock, std::chrono::milliseconds(50), [] { return false; });
        auto waited = std::chrono::steady_clock::now() - start;
        std::printf("wait_for timed out: %s, waited at least 50 ms: %s\n", woke ? "no" : "yes",
                    waited >= std::chrono::milliseconds(50) ? "yes" : "no");
    }

    // Atomics.
    std::atomic<int> hits{0};
    std::vector<std::thread> hitters;
    for (int t = 0; t < 4; t++)
        hitters.emplace_back([&] {
            for (int i = 0; i < 10000; i++) hits.fetch_add(1, std::memory_order_relaxed);
        });
    for (auto &h : hitters) h.join();
    std::printf("atomic hits %d\n", hits.load());

    // Futures: async, a promise set from another thread, an exception carried through a future.
    auto square = std::async(std::launch::async, [](int x) { return x * x; }, 12);
    std::promise<std::string> promise;
    auto message = promise.get_future();
    std::thread setter([&] { promise.set_value("set by another thread"); });
    auto failing = std::async(std::launch::async, []() -> int { throw std::runtime_error("failed in async"); });
    std::printf("async %d, promise '%s'\n", square.get(), message.get().c_str());
    setter.join();
    try {
        failing.get();
    } catch (const std::runtime_error &e) {
        std::printf("future rethrew '%s'\n", e.what());
    }

    // call_once and shared_mutex.
    std::once_flag once;
    std::atomic<int> calls{0};
    std::shared_mutex rw;
    int shared_value = 0;
    std::vector<std::thread> others;
    for (int t = 0; t < 6; t++)
        others.emplace_back([&, t] {
            std::call_once(once, [&] { calls++; });
            if (t % 2) {
                std::unique_lock<std::shared_mutex> w(rw);
                shared_value += 10;
            } else {
                std::shared_lock<std::shared_mutex> r(rw);
                (void)shared_value;
            }
        });
    for (auto &o : others) o.join();
    std::printf("call_once ran %d time(s); shared value %d\n", calls.load(), shared_value);

    // Sleeping, as the steady and system clocks see it.
    auto steady = std::chrono::steady_clock::now();
    auto system = std::chrono::system_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    auto slept = std::chrono::steady_clock::now() - steady;
    std::printf("slept at least 30 ms: %s; system clock moved forward: %s\n", slept >= std::chrono::milliseconds(30) ? "yes" : "no",
                std::chrono::system_clock::now() > system ? "yes" : "no");
    std::printf("hardware_concurrency > 0: %s; this thread has an id: %s\n", std::thread::hardware_concurrency() > 0 ? "yes" : "no",
                std::this_thread::get_id() != std::thread::id() ? "yes" : "no");
    return 0;
}
