// The locales the environment names (LANG and LC_*), as a C++ program asks for them with std::locale(""): C.UTF-8
// and POSIX are the C locale; a name the library does not have throws runtime_error.
#include <iostream>
#include <locale>
#include <stdexcept>

static void named(const char *name)
{
    try {
        std::locale l(name);
        std::cout << '"' << name << "\" is " << l.name() << '\n';
    } catch (const std::runtime_error &) {
        std::cout << '"' << name << "\" threw runtime_error\n";
    }
}

int main()
{
    named("");
    named("C");
    named("POSIX");
    named("C.UTF-8");
    named("no_SUCH.locale");
    std::locale::global(std::locale(""));
    std::cout << "global locale set from the environment: " << std::locale().name() << '\n';
    return 0;
}
