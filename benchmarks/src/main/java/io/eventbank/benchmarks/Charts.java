package io.eventbank.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of benchmark results, rendered headless. */
final class Charts {

    private Charts() {
    }

    /** Completion latency percentiles (ms, log scale) against the offered rate. */
    static Path completionByRate(List<TransfersBenchmark.Step> steps, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        double[] percentiles = {50, 90, 99, 100};
        String[] names = {"p50", "p90", "p99", "max"};
        for (int i = 0; i < percentiles.length; i++) {
            XYSeries series = new XYSeries(names[i]);
            for (TransfersBenchmark.Step s : steps) {
                double ms = TransfersBenchmark.Step.ms(s.completion(), percentiles[i]);
                if (!Double.isNaN(ms)) {
                    series.add(s.rate(), Math.max(ms, 0.1));
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Transfer completion latency (POST -> view shows COMPLETED)",
                "offered rate (transfers/s)", "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogarithmicAxis y = new LogarithmicAxis("latency (ms, log scale)");
        y.setStrictValuesFlag(false);
        y.setAllowNegativesFlag(false);
        plot.setRangeAxis(y);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0x7f7f7f)};
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
        return file.toAbsolutePath().normalize();
    }
}
