// Exceptions and RTTI: thrown and caught in the program, through frames with destructors (cleanups run in order),
// rethrown, nested, carried as exception_ptr, thrown from a constructor, thrown by libstdc++ itself (at(), stoi,
// bad_cast), thrown in a shared library and caught in the program (and the other way round, through a callback),
// thrown in a plug-in opened with dlopen (on the main thread and on another, whose thread_local it destroys),
// thrown and caught on other threads at once; typeid and dynamic_cast across the library too.
#include <cstdio>
#include <dlfcn.h>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>
#include "plugins/shapes.h"

struct Noisy {
    const char *name;
    explicit Noisy(const char *n) : name(n) { std::printf("  make %s\n", name); }
    ~Noisy() { std::printf("  drop %s\n", name); }
};

struct Failure : std::runtime_error {
    int code;
    Failure(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

[[gnu::noinline]] static void deepest(int depth)
{
    Noisy guard(depth == 0 ? "innermost" : "middle");
    if (depth == 0) throw Failure("deep failure", 42);
    deepest(depth - 1);
}

struct Half {
    Noisy first{"member first"};
    Noisy second;
    Half() : second("member second") { throw std::logic_error("constructor failed"); }
};

static void nested()
{
    try {
        throw std::runtime_error("inner");
    } catch (...) {
        std::throw_with_nested(std::logic_error("outer"));
    }
}

static void print_nested(const std::exception &e, int level)
{
    std::printf("  %*s%s\n", level * 2, "", e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception &inner) {
        print_nested(inner, level + 1);
    }
}

int main()
{
    std::printf("through frames:\n");
    try {
        Noisy outer("outer");
        deepest(2);
    } catch (const Failure &f) {
        std::printf("  caught Failure '%s' code %d\n", f.what(), f.code);
    }

    std::printf("rethrow:\n");
    try {
        try {
            throw 7;
        } catch (int &n) {
            n += 1;
            throw;
        }
    } catch (int n) {
        std::printf("  caught int %d\n", n);
    }

    std::printf("constructor:\n");
    try {
        Half h;
    } catch (const std::logic_error &e) {
        std::printf("  caught logic_error '%s'\n", e.what());
    }

    std::printf("nested:\n");
    try {
        nested();
    } catch (const std::exception &e) {
        print_nested(e, 0);
    }

    std::printf("exception_ptr:\n");
    std::exception_ptr saved;
    try {
        throw std::out_of_range("saved for later");
    } catch (...) {
        saved = std::current_exception();
    }
    try {
        std::rethrow_exception(saved);
    } catch (const std::out_of_range &e) {
        std::printf("  rethrown '%s'\n", e.what());
    }

    std::printf("from the library:\n");
    try {
        std::vector<int> v(3);
        (void)v.at(5);
    } catch (const std::out_of_range &) {
        std::printf("  vector::at threw out_of_range\n");
    }
    try {
        (void)std::stoi("not a number");
    } catch (const std::invalid_argument &) {
        std::printf("  stoi threw invalid_argument\n");
    }
    try {
        auto p = std::make_unique<int[]>(4);
        std::printf("  allocation ok %d\n", p[0]);
        volatile size_t huge = static_cast<size_t>(-1) / 8; // more than any heap: known only at run time
        std::unique_ptr<int[]> q(new int[huge]);
    } catch (const std::bad_alloc &) {
        std::printf("  new threw bad_alloc\n");
    }

    std::printf("RTTI:\n");
    std::unique_ptr<Shape> shapes[] = {make_shape(0, 2.0), make_shape(1, 3.0)};
    for (auto &s : shapes) {
        const char *kind = dynamic_cast<Circle *>(s.get()) ? "a Circle" : dynamic_cast<Square *>(s.get()) ? "a Square" : "unknown";
        std::printf("  %s is %s, area %.2f, typeid matches: %s\n", s->name(), kind, s->area(),
                    typeid(*s) == (dynamic_cast<Circle *>(s.get()) ? typeid(Circle) : typeid(Square)) ? "yes" : "no");
    }
    try {
        Shape &shape = *shapes[0];
        (void)dynamic_cast<Square &>(shape);
    } catch (const std::bad_cast &) {
        std::printf("  dynamic_cast to the wrong reference threw bad_cast\n");
    }

    std::printf("across the library:\n");
    try {
        make_shape(9, 1.0);
    } catch (const ShapeError &e) {
        std::printf("  caught the library's ShapeError '%s' (kind %d)\n", e.what(), e.kind);
    }
    try {
        visit_shapes([](int i) {
            Noisy n("callback frame");
            if (i == 1) throw Failure("thrown by the program's callback", i);
        });
    } catch (const Failure &f) {
        std::printf("  caught the program's Failure through the library: '%s'\n", f.what());
    }

    std::printf("a plug-in opened at run time:\n");
    void *plugin = dlopen("libplugin.so", RTLD_NOW);
    if (!plugin) {
        std::printf("  dlopen failed: %s\n", dlerror());
        return 1;
    }
    auto plugin_throw = reinterpret_cast<void (*)(int)>(dlsym(plugin, "plugin_throw"));
    try {
        plugin_throw(1);
    } catch (const std::range_error &e) {
        std::printf("  caught '%s'\n", e.what());
    }
    std::thread([plugin_throw] {
        for (int i = 2; i <= 3; i++) {
            try {
                plugin_throw(i);
            } catch (const std::exception &e) {
                std::printf("  caught on another thread '%s'\n", e.what());
            }
        }
    }).join();

    std::printf("threads:\n");
    std::vector<std::thread> threads;
    int caught[4] = {};
    for (int t = 0; t < 4; t++)
        threads.emplace_back([t, &caught] {
            for (int i = 0; i < 1000; i++) {
                try {
                    if (i % 2) throw Failure("odd", i);
                    throw std::string("even");
                } catch (const Failure &) {
                    caught[t]++;
                } catch (const std::string &) {
                    caught[t]++;
                }
            }
        });
    for (auto &t : threads) t.join();
    std::printf("  each thread caught %d %d %d %d\n", caught[0], caught[1], caught[2], caught[3]);
    std::printf("uncaught exceptions now: %d\n", std::uncaught_exceptions());
    return 0;
}
