"""Print builders: play cards, workbook, teacher's guide and storybook as PDFs."""
