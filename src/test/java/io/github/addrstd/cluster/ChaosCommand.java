package io.github.addrstd.cluster;

import org.apache.flink.util.ParameterTool;

/**
 * {@code bin/chaos [--records 50000] [--kills 3] [--rate 400] [--task-managers 2]}: the chaos run
 * on a multi-process cluster; exits non-zero unless nothing was lost or duplicated, every kill
 * caused a restart, and records after the last recovery were tagged by the model.
 */
public final class ChaosCommand {

    private ChaosCommand() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        ChaosRun.Settings settings =
                new ChaosRun.Settings(
                        p.getInt("records", 50_000),
                        p.getInt("kills", 3),
                        p.getInt("rate", 400),
                        p.getInt("task-managers", 2));
        ChaosRun.Report report = ChaosRun.run(settings, System.out);
        report.print(System.out);
        boolean ok =
                report.lost() == 0
                        && report.duplicated() == 0
                        && report.restarts() >= settings.kills()
                        && report.kills().stream().allMatch(k -> k.uncommittedAtKill() > 0)
                        && (settings.kills() == 0 || report.taggedAfterLastRecovery() > 0);
        System.out.println(ok ? "CHAOS PASSED" : "CHAOS FAILED");
        System.exit(ok ? 0 : 1);
    }
}
