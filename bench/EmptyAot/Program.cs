// Does nothing: its run time is the process start and the NativeAOT runtime's initialization.
return 0;
