// The standard library's everyday parts: iostreams (cout, cerr, formatting, string streams, file streams), strings
// and conversions, containers and algorithms, <chrono> durations and calendar arithmetic, <regex>, <random> with a
// fixed seed, and <filesystem> in the scratch directory it is given (left empty at the end).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: library SCRATCH-DIRECTORY\n";
        return 2;
    }
    std::cout << "iostreams: " << 42 << ' ' << 3.5 << ' ' << std::hex << 255 << std::dec << ' ' << std::boolalpha << true
              << ' ' << std::setw(6) << std::setfill('*') << 17 << ' ' << std::fixed << std::setprecision(3) << 2.0 / 3 << '\n';
    std::ostringstream out;
    out << "pi is about " << std::setprecision(5) << 3.14159265 << " and e " << std::scientific << 2.718281828;
    std::cout << "ostringstream: " << out.str() << '\n';
    std::istringstream in("12 apples 3.25 pears");
    int count;
    double weight;
    std::string a, b;
    in >> count >> a >> weight >> b;
    std::cout << "istringstream: " << count << '/' << a << '/' << std::defaultfloat << weight << '/' << b << '\n';

    std::string s = "Hello, Microcosm";
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    std::cout << "string: " << s << " length " << s.size() << " find " << s.find("MICRO") << ' ' << std::to_string(1234.5)
              << ' ' << std::stol("-99") << ' ' << std::stod("6.02e23") << '\n';

    std::vector<int> v(10);
    std::iota(v.begin(), v.end(), 1);
    std::reverse(v.begin(), v.end());
    std::sort(v.begin(), v.begin() + 5);
    std::cout << "vector:";
    for (int x : v) std::cout << ' ' << x;
    std::cout << " sum " << std::accumulate(v.begin(), v.end(), 0) << '\n';
    std::map<std::string, int> words;
    for (auto w : {"to", "be", "or", "not", "to", "be"}) words[w]++;
    std::cout << "map:";
    for (auto &[word, n] : words) std::cout << ' ' << word << '=' << n;
    std::unordered_map<int, std::string> numbers{{1, "one"}, {2, "two"}};
    std::set<int> ordered{5, 3, 9, 1};
    std::cout << " unordered " << numbers[2] << " set first " << *ordered.begin() << '\n';

    std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch match;
    std::string text = "released on 2026-12-06 at last";
    if (std::regex_search(text, match, date)) std::cout << "regex: year " << match[1] << " month " << match[2] << '\n';

    std::mt19937 generator(2026);
    std::uniform_int_distribution<int> dice(1, 6);
    std::cout << "random:";
    for (int i = 0; i < 5; i++) std::cout << ' ' << dice(generator);
    std::cout << '\n';

    using namespace std::chrono;
    auto d = hours(1) + minutes(30) + seconds(15);
    std::cout << "chrono: " << duration_cast<seconds>(d).count() << " s, " << duration_cast<milliseconds>(d).count() << " ms\n";
    year_month_day day{year{2024}, month{2}, std::chrono::day{28}};
    auto next = year_month_day{sys_days{day} + days{1}};
    std::cout << "calendar: the day after 2024-02-28 is " << static_cast<int>(next.year()) << '-' << static_cast<unsigned>(next.month())
              << '-' << static_cast<unsigned>(next.day()) << ", weekday " << weekday{sys_days{next}}.c_encoding() << '\n';
    auto now = system_clock::now();
    std::cout << "system_clock after 2020: " << (now > sys_days{year{2020} / 1 / 1} ? "yes" : "no") << '\n';

    fs::path root = fs::path(argv[1]) / "tree";
    fs::create_directories(root / "sub" / "deeper");
    {
        std::ofstream file(root / "sub" / "notes.txt");
        file << "line one\nline two\n";
    }
    std::string line;
    int lines = 0;
    {
        // Closed before the tree is removed: on the Windows host a removed file that is still open stays listed in its
        // directory until it is closed, and remove_all would find it again and again.
        std::ifstream file(root / "sub" / "notes.txt");
        while (std::getline(file, line)) lines++;
    }
    std::cout << "filesystem: " << lines << " lines, size " << fs::file_size(root / "sub" / "notes.txt") << ", exists "
              << fs::exists(root / "sub" / "deeper") << ", is_directory " << fs::is_directory(root / "sub") << '\n';
    fs::copy_file(root / "sub" / "notes.txt", root / "copy.txt");
    fs::rename(root / "copy.txt", root / "moved.txt");
    std::vector<std::string> names;
    for (auto &entry : fs::recursive_directory_iterator(root)) names.push_back(fs::relative(entry.path(), root).generic_string());
    std::sort(names.begin(), names.end());
    std::cout << "filesystem entries:";
    for (auto &n : names) std::cout << ' ' << n;
    std::cout << '\n';
    fs::path p = "/a/b/c.tar.gz";
    std::cout << "path: parent " << p.parent_path() << " stem " << p.stem() << " extension " << p.extension() << '\n';
    try {
        (void)fs::file_size(root / "missing");
    } catch (const fs::filesystem_error &e) {
        std::cout << "filesystem_error: " << e.code().message() << '\n';
    }
    std::cout << "removed " << fs::remove_all(root) << " entries; exists now " << fs::exists(root) << '\n';
    std::cerr << "a line on cerr\n";
    std::cout << std::flush;
    return 0;
}
